import type { Report } from '../report/report.js';
import { reportJson } from '../report/json.js';
import { reportMarkdown } from '../report/markdown.js';
import { reportTex } from '../report/tex.js';
import { reportText } from '../report/text.js';

/** The output formats of `tparams derive`, each a printer over the same report. */
export const formats = {
  text: reportText,
  tex: reportTex,
  md: reportMarkdown,
  json: (report: Report) => JSON.stringify(reportJson(report), null, 2) + '\n',
} as const satisfies Record<string, (report: Report) => string>;

export type FormatName = keyof typeof formats;
export const formatNames = Object.keys(formats) as FormatName[];
