import { fieldError, oneOf } from '../../errors/user-error.js';
import { htmlFormat } from './html-format.js';
import { jsonFormat } from './json-format.js';
import { katexFormat } from './katex-format.js';
import { latexFormat } from './latex-format.js';
import { markdownFormat } from './markdown-format.js';
import type {
  DocumentOutputFormat,
  DocumentSyntax,
  FormatOption,
  OutputFormat,
} from './output-format.js';
import { textFormat } from './text-format.js';

/**
 * Every output format, in the order `--format` lists them. Adding a format is adding its record
 * here (and, for a document, its folder of templates).
 */
export const outputFormats = [
  textFormat,
  jsonFormat,
  markdownFormat,
  latexFormat,
  htmlFormat,
  katexFormat,
] as const;

/** The name of an output format: `--format NAME`. */
export type FormatName = (typeof outputFormats)[number]['name'];

/** The document formats, each a folder of templates under `templates/`. */
export type DocumentFormat = Extract<(typeof outputFormats)[number], DocumentOutputFormat>['name'];

/** The formats filled from templates, in registry order: the web page's downloads. */
export const documentFormats = outputFormats.filter(
  (f): f is Extract<(typeof outputFormats)[number], DocumentOutputFormat> =>
    f.document !== undefined,
);

/** The record of a format by its name. */
export function outputFormat<Name extends FormatName>(
  name: Name,
): Extract<(typeof outputFormats)[number], { name: Name }> {
  return outputFormats.find((f) => f.name === name) as Extract<
    (typeof outputFormats)[number],
    { name: Name }
  >;
}

/** The formats that take an option, in registry order. */
export function formatsTaking(option: FormatOption): OutputFormat[] {
  return outputFormats.filter((f) => f.options.includes(option));
}

/** How a document format writes its templates; any other name is the caller's mistake. */
export function documentSyntax(name: string): DocumentSyntax {
  const format = documentFormats.find((f) => f.name === name);
  if (!format) throw fieldError('format', name, oneOf(documentFormats.map((f) => f.name)));
  return format.document;
}
