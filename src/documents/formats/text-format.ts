import type { OutputFormat } from './output-format.js';

/** Plain text, as a terminal shows it: the report's own printer. */
export const textFormat: OutputFormat<'text'> = {
  name: 'text',
  extension: 'txt',
  mimeType: 'text/plain',
  options: [],
  printer: 'text',
};
