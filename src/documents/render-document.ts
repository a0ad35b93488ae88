import { UserError } from '../errors/user-error.js';
import { loadLocale } from '../i18n/locale.js';
import type { Report } from '../report/report.js';
import type { FigureOptions } from '../requests/model-figures.js';
import { documentData, type DocumentData } from './document-data.js';
import type { KatexOutput } from '../render/katex.js';
import { katexStylesheet } from './katex-stylesheet.js';
import { katexMath, latexMath, markdownMath, type MathRenderer } from './math-renderers.js';
import { templateEngine } from './template-engine.js';
import { escapeHtml, escapeLatex, escapeMarkdown, markdownCode } from '../render/escape.js';

export { escapeLatex };

/** The document formats, each a folder of templates under `templates/`. */
export type DocumentFormat = 'md' | 'tex' | 'html';

export interface DocumentOptions {
  format: DocumentFormat;
  lang?: string;
  /** A template of the user's own instead of the shipped one (same data, see the README). */
  template?: string;
  /** KaTeX output for HTML: MathML alone needs no CSS. */
  katexOutput?: KatexOutput;
  /** The type and context the memory and compute figures assume (default bf16, the model's context). */
  figures?: FigureOptions;
}

/** How each format escapes text put into it with `<%= %>`; `<%~ %>` inserts markup as it is. */
const escapes: Record<DocumentFormat, (value: unknown) => string> = {
  md: (value) => escapeMarkdown(String(value)),
  tex: (value) => escapeLatex(String(value)),
  html: (value) => escapeHtml(String(value)),
};

/** Code (a module's key, a config field) as each format sets it, escaped: `it.code(s.key)` in a template. */
const codeOf: Record<DocumentFormat, (value: unknown) => string> = {
  md: (value) => markdownCode(String(value)),
  tex: (value) => `\\texttt{${escapeLatex(String(value))}}`,
  html: (value) => `<code>${escapeHtml(String(value))}</code>`,
};

const mathOf = (format: DocumentFormat, output?: KatexOutput): MathRenderer =>
  format === 'md' ? markdownMath : format === 'tex' ? latexMath : katexMath(output);

/** Fills a document template (the shipped model or component one, or the user's) for a report. */
export function renderDocument(report: Report, options: DocumentOptions): string {
  const locale = loadLocale(options.lang ?? 'en');
  const data: DocumentData & { katexCss?: string; code: (value: unknown) => string } = {
    ...documentData(report, locale, mathOf(options.format, options.katexOutput), options.figures),
    code: codeOf[options.format],
  };
  if (options.format === 'html' && options.katexOutput !== 'mathml')
    data.katexCss = katexStylesheet();
  const engine = templateEngine(
    options.format,
    data.kind,
    escapes[options.format],
    options.template,
  );
  try {
    return engine.render(data);
  } catch (error) {
    if (options.template)
      throw new UserError(
        `template ${options.template}: ${(error as Error).message.split('\n')[0]}`,
        { field: '--template', received: options.template },
      );
    throw error;
  }
}
