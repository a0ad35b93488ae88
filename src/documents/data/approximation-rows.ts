import { reasonText, type Locale } from '../../i18n/locale.js';
import { signed } from '../../render/numbers.js';
import type { Report } from '../../report/report.js';
import { count, type Count } from './count.js';

/** A published approximation: with `applies: false`, `why` says in words why it does not fit, and there is no value. */
export interface ApproximationRow {
  name: string;
  source: string;
  tex: string;
  text: string;
  applies: boolean;
  why?: string;
  value?: Count;
  error?: string;
  errorPercent?: string;
  reasons: Array<{ text: string; difference: string }>;
}

/** The model's approximations against its exact count, and why each differs, in this language. */
export function approximationRows(report: Report, t: Locale): ApproximationRow[] {
  return (report.model?.approximations ?? []).map((a) =>
    a.applies
      ? {
          name: a.name,
          source: a.source,
          tex: a.tex,
          text: a.text,
          applies: true,
          value: count(a.value),
          error: signed(a.error),
          errorPercent: `${a.errorPercent.toFixed(2)}%`,
          reasons: a.reasons.map((r) => ({
            text: reasonText(r, t),
            difference: signed(r.difference),
          })),
        }
      : {
          name: a.name,
          source: a.source,
          tex: a.tex,
          text: a.text,
          applies: false,
          why: t.reasons.notApplicable[a.shape] ?? a.shape,
          reasons: [],
        },
  );
}
