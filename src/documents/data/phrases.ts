import { fill, type Locale } from '../../i18n/locale.js';
import { formatCount } from '../../render/numbers.js';
import { headerWords } from '../../i18n/header-words.js';
import type { Report } from '../../report/report.js';
import { packageVersion } from '../package-version.js';
import { percent } from './count.js';

/** The locale's sentences with this document's values filled in. */
export interface Phrases {
  source?: string;
  class?: string;
  total?: string;
  nonEmbedding?: string;
  generatedBy: string;
}

/** The sentences that say where the model comes from, its totals and what made the document. */
export function phrasesOf(report: Report, t: Locale): Phrases {
  const p = t.phrases;
  const total = report.total;
  const model = report.model;
  return {
    generatedBy: fill(p.generatedBy!, { version: packageVersion() }),
    ...(total !== undefined ? { total: fill(p.total!, { total: formatCount(total) }) } : {}),
    ...(model?.fromHeader
      ? {
          source: fill(p.sourceHeader!, {
            source: model.source,
            ...headerWords(model, t),
          }),
          class: fill(p.classHeader!, { config: model.fromHeader.configSource ?? 'config.json' }),
        }
      : model
        ? {
            source: fill(p.source!, { source: model.source }),
            class: fill(p.class!, { className: model.className, modelType: model.modelType }),
          }
        : {}),
    ...(model && total
      ? {
          nonEmbedding: fill(p.nonEmbedding!, {
            value: formatCount(model.nonEmbedding),
            share: percent(model.nonEmbedding, total)!,
          }),
        }
      : {}),
  };
}
