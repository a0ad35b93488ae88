import { escapeMarkdown, markdownCode } from '../../render/escape.js';
import { markdownMath } from '../math-renderers.js';
import type { DocumentOutputFormat } from './output-format.js';

/** Markdown with `$`/`$$` math, as GitHub, Obsidian, Typora and Jupyter read it. */
export const markdownFormat: DocumentOutputFormat<'md'> = {
  name: 'md',
  extension: 'md',
  mimeType: 'text/markdown',
  options: ['template'],
  document: {
    templates: 'md',
    escape: (value) => escapeMarkdown(String(value)),
    code: (value) => markdownCode(String(value)),
    math: () => markdownMath,
  },
};
