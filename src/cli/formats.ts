import { oneOf, UserError } from '../errors/user-error.js';
import type { Report } from '../report/report.js';
import { reportJson } from '../printers/report-json.js';
import { reportTex } from '../printers/report-tex.js';
import { reportText } from '../printers/report-text.js';
import {
  formatsTaking,
  outputFormats,
  type DocumentFormat,
  type FormatName,
} from '../documents/formats/registry.js';
import {
  formatOptions,
  type OutputFormat,
  type ReportPrinter,
} from '../documents/formats/output-format.js';
import { onDemand } from './on-demand.js';
import type { FigureOptions } from '../requests/model-figures.js';

export type { FormatName };

/** What the output options say, beyond the format. */
export interface OutputOptions {
  lang: string;
  template?: string;
  fragment: boolean;
  mathml: boolean;
  /** What a document's (and the JSON's) figures assume: the GPUs, LoRA's rank and targets. */
  figures?: FigureOptions;
}

type Print = (report: Report, options: OutputOptions) => string | Promise<string>;

/**
 * The printers a format record names. The document formats load their templates (and KaTeX) only
 * when chosen, and so do the KaTeX fragments, keeping other runs' start-up short.
 */
const printers: Record<ReportPrinter, Print> = {
  text: (report) => reportText(report),
  json: (report, o) => `${JSON.stringify(reportJson(report, o.figures), null, 2)}\n`,
  'tex-equations': (report) => reportTex(report),
  'katex-fragments': async (report, o) =>
    (await onDemand.katexFragments()).katexFragments(report, o.mathml ? 'mathml' : 'htmlAndMathml'),
};

/** How a record prints: its templates (its printer with `--fragment`), or its printer alone. */
function printerOf(format: OutputFormat): Print {
  const printer = format.printer ? printers[format.printer] : undefined;
  if (!format.document) return printer!;
  const name = format.name as DocumentFormat;
  return (report, o) => (o.fragment && printer ? printer(report, o) : document(report, name, o));
}

/** The output formats of `tparams derive` (documents/formats/registry.ts), each a printer. */
export const formats = Object.fromEntries(
  outputFormats.map((f) => [f.name, printerOf(f)]),
) as Record<FormatName, Print>;

/** The names `--format` accepts, in the registry's order. */
export const formatNames: FormatName[] = outputFormats.map((f) => f.name);

async function document(report: Report, format: DocumentFormat, o: OutputOptions): Promise<string> {
  const { renderDocument } = await onDemand.renderDocument();
  return renderDocument(report, {
    format,
    lang: o.lang,
    ...(o.template ? { template: o.template } : {}),
    ...(o.mathml ? { katexOutput: 'mathml' as const } : {}),
    ...(o.figures ? { figures: o.figures } : {}),
  });
}

/** The formats whose figures `--gpu`, `--lora-rank` and `--target-modules` change: documents and JSON. */
export const figureFormats: FormatName[] = outputFormats
  .filter((f) => f.document || f.printer === 'json')
  .map((f) => f.name);

/** Checks that the options fit the format, as its record lists them (`--fragment`: tex alone). */
export function checkOutputOptions(format: FormatName, o: OutputOptions): void {
  for (const option of formatOptions) {
    const taking = formatsTaking(option);
    if (o[option] && !taking.some((f) => f.name === format))
      throw new UserError(
        `--${option} applies to --format ${oneOf(taking.map((f) => f.name))}, not ${format}`,
        { field: `--${option}` },
      );
  }
}
