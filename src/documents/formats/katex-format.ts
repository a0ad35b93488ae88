import type { OutputFormat } from './output-format.js';

/** Embeddable KaTeX HTML, one `<div>` a derivation, for pasting into notes and pages. */
export const katexFormat: OutputFormat<'katex'> = {
  name: 'katex',
  extension: 'html',
  mimeType: 'text/html',
  options: ['mathml'],
  printer: 'katex-fragments',
};
