import { UserError } from '../errors/user-error.js';
import { loadLocale } from '../i18n/locale.js';
import type { Report } from '../report/report.js';
import type { FigureOptions } from '../requests/model-figures.js';
import { documentData, type DocumentData } from './document-data.js';
import type { KatexOutput } from '../render/katex.js';
import { katexStylesheet } from './katex-stylesheet.js';
import { templateEngine } from './template-engine.js';
import { documentSyntax, type DocumentFormat } from './formats/registry.js';
import { escapeLatex } from '../render/escape.js';

export { escapeLatex };
export type { DocumentFormat };

/** What document to fill: its format, language, template, KaTeX output and figure options. */
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

/** Fills a document template (the shipped model or component one, or the user's) for a report. */
export function renderDocument(report: Report, options: DocumentOptions): string {
  const locale = loadLocale(options.lang ?? 'en');
  const syntax = documentSyntax(options.format);
  const data: DocumentData & { katexCss?: string; code: (value: unknown) => string } = {
    ...documentData(report, locale, syntax.math(options.katexOutput), options.figures),
    code: syntax.code,
  };
  if (syntax.katexStylesheet && options.katexOutput !== 'mathml') data.katexCss = katexStylesheet();
  const engine = templateEngine(syntax.templates, data.kind, syntax.escape, options.template);
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
