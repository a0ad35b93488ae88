import { UserError } from '../errors/user-error.js';
import { loadLocale } from '../i18n/locale.js';
import type { Report } from '../report/report.js';
import type { FigureOptions } from '../analysis/model-figures.js';
import { documentData, type DocumentData } from './document-data.js';
import { katexStylesheet, type KatexOutput } from './katex.js';
import { katexMath, latexMath, markdownMath, type MathRenderer } from './math-renderers.js';
import { templateEngine } from './template-engine.js';

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
  md: (value) => String(value).replace(/\|/g, '\\|'),
  tex: (value) => escapeLatex(String(value)),
  html: (value) => String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`),
};

const mathOf = (format: DocumentFormat, output?: KatexOutput): MathRenderer =>
  format === 'md' ? markdownMath : format === 'tex' ? latexMath : katexMath(output);

/** Fills a document template (the shipped model or component one, or the user's) for a report. */
export function renderDocument(report: Report, options: DocumentOptions): string {
  const locale = loadLocale(options.lang ?? 'en');
  const data: DocumentData & { katexCss?: string } = documentData(report, locale, mathOf(options.format, options.katexOutput), options.figures);
  if (options.format === 'html' && options.katexOutput !== 'mathml') data.katexCss = katexStylesheet();
  const engine = templateEngine(options.format, data.kind, escapes[options.format], options.template);
  try {
    return engine.render(data);
  } catch (error) {
    if (options.template) throw new UserError(`template ${options.template}: ${(error as Error).message.split('\n')[0]}`, { field: '--template', received: options.template });
    throw error;
  }
}

const latexSpecials: Record<string, string> = {
  '\\': '\\textbackslash{}', '{': '\\{', '}': '\\}', $: '\\$', '&': '\\&', '#': '\\#', '^': '\\^{}', _: '\\_\\allowbreak{}', '%': '\\%', '~': '\\~{}',
  '·': '$\\cdot$', '×': '$\\times$', '−': '$-$', '≠': '$\\neq$', '≥': '$\\geq$', '≤': '$\\leq$', 'γ': '$\\gamma$', 'β': '$\\beta$', '²': '\\textsuperscript{2}', '³': '\\textsuperscript{3}', '—': '---', '–': '--', '→': '$\\to$', '…': '\\dots{}', '≈': '$\\approx$',
};

/**
 * Escapes text for LaTeX, and sets the few math symbols our names use so pdfLaTeX reads them too.
 * A line may break after an underscore, so long identifiers (`post_attention_layernorm`) fit a column.
 */
export function escapeLatex(text: string): string {
  return text.replace(/[\\{}$&#^_%~·×−≠≥≤γβ²³—–→…≈]/g, (c) => latexSpecials[c] ?? c);
}
