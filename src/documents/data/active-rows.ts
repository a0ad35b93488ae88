import { fill, partName, type Locale } from '../../i18n/locale.js';
import { formatCount } from '../../render/numbers.js';
import { alignedTex } from '../../printers/notation.js';
import type { Report } from '../../report/report.js';
import { count, plainDerivation, type Count } from './count.js';

/** For MoE models: the active count per token, without the input token table, its derivation and a sentence saying both. */
export type ActiveCount = Count & {
  excludingEmbedding?: Count;
  alignedTex: string;
  alignedText: string;
  sentence: string;
};

/** What the checkpoint holds beside the total, not in it (DeepSeek-V3's MTP layer): what, why, its derivation. */
export interface LeftOutRow {
  key: string;
  name: string;
  reason: string;
  total?: Count;
  alignedTex: string;
}

/** The active figures of a MoE model (a dense model's active count is its total, said nowhere twice). */
export function activeOf(report: Report, t: Locale): { active?: ActiveCount } {
  const active = report.model?.active;
  if (!active?.derivation || active.value === undefined) return {};
  const excluding = active.excludingEmbedding.value;
  const sentence = fill(t.phrases.active!, {
    active: formatCount(active.value),
    excluding: excluding !== undefined ? formatCount(excluding) : '—',
  });
  const derivation = active.derivation;
  return {
    active: {
      ...count(active.value),
      ...(excluding !== undefined ? { excludingEmbedding: count(excluding) } : {}),
      alignedTex: alignedTex(derivation),
      get alignedText() {
        return plainDerivation(derivation);
      },
      sentence,
    },
  };
}

/** The parts a model's checkpoint holds that its count leaves out, each with why. */
export function leftOutRows(report: Report, t: Locale): LeftOutRow[] {
  return (report.model?.leftOut ?? []).map((l) => ({
    key: l.key,
    name: partName(l.name, t),
    reason: partName(l.reason, t),
    ...(l.derivation.value !== undefined ? { total: count(l.derivation.value) } : {}),
    alignedTex: alignedTex(l.derivation),
  }));
}
