import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, resolve } from 'node:path';
import { UserError } from '../errors/user-error.js';
import { loadLocale, templatesDir } from '../i18n/locale.js';
import type { Report } from '../report/report.js';
import { documentData, type DocumentData } from './document-data.js';
import { katexStylesheet, type KatexOutput } from './katex.js';
import { katexMath, latexMath, markdownMath, type MathRenderer } from './math-renderers.js';

/** The document formats, each a folder of templates under `templates/`. */
export type DocumentFormat = 'md' | 'tex' | 'html';

export interface DocumentOptions {
  format: DocumentFormat;
  lang?: string;
  /** A template of the user's own instead of the shipped one (same data, see the README). */
  template?: string;
  /** KaTeX output for HTML: MathML alone needs no CSS. */
  katexOutput?: KatexOutput;
}

type EtaInstance = InstanceType<typeof import('eta').Eta>;
const require = createRequire(import.meta.url);

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
  const data: DocumentData & { katexCss?: string } = documentData(report, locale, mathOf(options.format, options.katexOutput));
  if (options.format === 'html' && options.katexOutput !== 'mathml') data.katexCss = katexStylesheet();
  const { views, name } = templateLocation(options, data.kind);
  const eta = etaFor(views, options.format);
  try {
    return eta.render(name, data);
  } catch (error) {
    if (options.template) throw new UserError(`template ${options.template}: ${(error as Error).message.split('\n')[0]}`, { field: '--template', received: options.template });
    throw error;
  }
}

function templateLocation(options: DocumentOptions, kind: DocumentData['kind']): { views: string; name: string } {
  if (!options.template) return { views: `${templatesDir}${options.format}`, name: `./${kind}` };
  const path = resolve(options.template);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new UserError(`--template ${options.template}: no such file`, { field: '--template', received: options.template });
  }
  return { views: dirname(path), name: `./${basename(path)}` };
}

function etaFor(views: string, format: DocumentFormat): EtaInstance {
  const { Eta } = require('eta') as typeof import('eta');
  return new Eta({ views, autoEscape: true, escapeFunction: escapes[format], autoTrim: false, cache: true, defaultExtension: '.eta' });
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
