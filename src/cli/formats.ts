import { UserError } from '../errors/user-error.js';
import type { Report } from '../report/report.js';
import { reportJson } from '../printers/report-json.js';
import { reportTex } from '../printers/report-tex.js';
import { reportText } from '../printers/report-text.js';
import { onDemand } from './on-demand.js';

/** What the output options say, beyond the format. */
export interface OutputOptions {
  lang: string;
  template?: string;
  fragment: boolean;
  mathml: boolean;
}

/**
 * The output formats of `tparams derive`, each a printer over the same report. The document
 * formats load their templates (and KaTeX) only when chosen, keeping other runs' start-up short.
 */
export const formats = {
  text: (report) => reportText(report),
  json: (report) => `${JSON.stringify(reportJson(report), null, 2)}\n`,
  md: (report, o) => document(report, 'md', o),
  tex: (report, o) => (o.fragment ? reportTex(report) : document(report, 'tex', o)),
  html: (report, o) => document(report, 'html', o),
  katex: async (report, o) =>
    (await onDemand().then((m) => m.katexFragments)).katexFragments(
      report,
      o.mathml ? 'mathml' : 'htmlAndMathml',
    ),
} as const satisfies Record<
  string,
  (report: Report, options: OutputOptions) => string | Promise<string>
>;

export type FormatName = keyof typeof formats;
export const formatNames = Object.keys(formats) as FormatName[];

async function document(
  report: Report,
  format: 'md' | 'tex' | 'html',
  o: OutputOptions,
): Promise<string> {
  const { renderDocument } = await onDemand().then((m) => m.renderDocument);
  return renderDocument(report, {
    format,
    lang: o.lang,
    ...(o.template ? { template: o.template } : {}),
    ...(o.mathml ? { katexOutput: 'mathml' as const } : {}),
  });
}

/** Checks that the options fit the format: `--fragment` is for tex, `--template` for documents, `--mathml` for HTML. */
export function checkOutputOptions(format: FormatName, o: OutputOptions): void {
  if (o.fragment && format !== 'tex')
    throw new UserError(`--fragment applies to --format tex, not ${format}`, {
      field: '--fragment',
    });
  if (o.template && !['md', 'tex', 'html'].includes(format))
    throw new UserError(`--template applies to --format md, tex or html, not ${format}`, {
      field: '--template',
    });
  if (o.mathml && !['html', 'katex'].includes(format))
    throw new UserError(`--mathml applies to --format html or katex, not ${format}`, {
      field: '--mathml',
    });
}
