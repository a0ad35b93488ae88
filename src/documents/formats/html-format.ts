import { escapeHtml } from '../../render/escape.js';
import { katexMath } from '../math-renderers.js';
import type { DocumentOutputFormat } from './output-format.js';

/** An HTML page whose math KaTeX has already set (HTML + MathML, or MathML alone with `--mathml`). */
export const htmlFormat: DocumentOutputFormat<'html'> = {
  name: 'html',
  extension: 'html',
  mimeType: 'text/html',
  options: ['template', 'mathml'],
  document: {
    templates: 'html',
    escape: (value) => escapeHtml(String(value)),
    code: (value) => `<code>${escapeHtml(String(value))}</code>`,
    math: (output) => katexMath(output),
    katexStylesheet: true,
  },
};
