import { fill, type Locale } from '../i18n/locale.js';
import type { Report } from '../report/report.js';
import { modelFigures, type FigureOptions } from '../requests/model-figures.js';
import type { MathRenderer } from './math-renderers.js';
import { packageVersion } from './package-version.js';
import { activeOf, leftOutRows, type ActiveCount, type LeftOutRow } from './data/active-rows.js';
import { approximationRows, type ApproximationRow } from './data/approximation-rows.js';
import { chartOf } from './data/breakdown-chart.js';
import { count, percent, type Count } from './data/count.js';
import { figureRows, type FigureRow } from './data/figure-rows.js';
import { phrasesOf, type Phrases } from './data/phrases.js';
import { sizingRows, type SizingRows } from './data/sizing-rows.js';
import { roleRows, type RoleRow } from './data/roles.js';
import { sectionRows, type SectionRow } from './data/section-rows.js';
import { summaryRows, type SummaryRow } from './data/summary.js';
import { symbolRows, type SymbolRow } from './data/symbols.js';

export type { Count, FigureRow, SizingRows };

/**
 * Everything a template receives as `it` (documented in the README), one module of `data/` per
 * part of the document.
 */
export interface DocumentData {
  lang: string;
  /** Every word of the chosen language (`it.t.headings.symbols`). */
  t: Locale;
  kind: 'model' | 'component';
  title: string;
  subject: string;
  model?: { source: string; className: string; modelType: string };
  version: string;
  total?: Count;
  nonEmbedding?: Count & { share: string };
  /** For MoE models: the active count per token, without the input token table, its derivation and a sentence saying both. */
  active?: ActiveCount;
  /** What the checkpoint holds beside the total, not in it (DeepSeek-V3's MTP layer): what, why, its derivation. */
  leftOut: LeftOutRow[];
  symbols: SymbolRow[];
  sections: SectionRow[];
  summary: SummaryRow[];
  roles: RoleRow[];
  /** With `applies: false`, `why` says in words why the formula does not fit this model, and there is no value. */
  approximations: ApproximationRow[];
  /** The locale's sentences with this document's values filled in. */
  phrases: Phrases;
  /** Memory and compute beside the count, each a derivation with its convention in words (models only). */
  figures?: { memory: FigureRow[]; compute: FigureRow[] };
  /**
   * LoRA's trainable count and QLoRA's memory (r = 8 on PEFT's targets unless asked otherwise), and
   * with a GPU the roofline's bounds and what fits (models only; absent when none applies).
   */
  sizing?: SizingRows;
  /** The breakdown as an inline SVG chart (meant for HTML). */
  chartSvg: string;
  math: MathRenderer;
}

/** Builds the data a template fills from a report, in one language, with one format's math. */
export function documentData(
  report: Report,
  t: Locale,
  math: MathRenderer,
  figureOptions: FigureOptions = {},
): DocumentData {
  const total = report.total;
  const figures = modelFigures(report, figureOptions);
  const isModel = report.model !== undefined;
  const subject = report.title;
  const roles = isModel ? roleRows(report, t) : [];
  return {
    lang: t.lang,
    t,
    kind: isModel ? 'model' : 'component',
    title: fill(isModel ? t.title.model : t.title.component, { name: subject }),
    subject,
    ...(report.model
      ? {
          model: {
            source: report.model.source,
            className: report.model.className,
            modelType: report.model.modelType,
          },
        }
      : {}),
    version: packageVersion(),
    ...(total !== undefined ? { total: count(total) } : {}),
    ...(report.model && total
      ? {
          nonEmbedding: {
            ...count(report.model.nonEmbedding),
            share: percent(report.model.nonEmbedding, total)!,
          },
        }
      : {}),
    ...activeOf(report, t),
    leftOut: leftOutRows(report, t),
    symbols: symbolRows(report, t, figures),
    sections: sectionRows(report, t),
    summary: summaryRows(report.tree, total, t),
    roles,
    approximations: approximationRows(report, t),
    phrases: phrasesOf(report, t),
    ...figureRows(figures, t),
    ...sizingRows(figures, t, report.model?.modelType ?? ''),
    chartSvg: chartOf(report, roles, t),
    math,
  };
}
