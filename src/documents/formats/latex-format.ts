import { escapeLatex } from '../../render/escape.js';
import { latexMath } from '../math-renderers.js';
import type { DocumentOutputFormat } from './output-format.js';

/** A LaTeX document; with `--fragment`, the equations alone (the report's TeX printer). */
export const latexFormat: DocumentOutputFormat<'tex'> = {
  name: 'tex',
  extension: 'tex',
  mimeType: 'application/x-tex',
  options: ['template', 'fragment'],
  document: {
    templates: 'tex',
    escape: (value) => escapeLatex(String(value)),
    code: (value) => `\\texttt{${escapeLatex(String(value))}}`,
    math: () => latexMath,
  },
  printer: 'tex-equations',
};
