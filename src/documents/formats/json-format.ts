import type { OutputFormat } from './output-format.js';

/** The report as JSON (counts as strings of digits): the report's own printer. */
export const jsonFormat: OutputFormat<'json'> = {
  name: 'json',
  extension: 'json',
  mimeType: 'application/json',
  options: [],
  printer: 'json',
};
