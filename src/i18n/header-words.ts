import { formatCount } from '../render/numbers.js';
import type { ModelFacts } from '../report/report.js';
import { fill, type Locale } from './locale.js';

/** Why a header was read, how many tensors it lists and the buffers it set apart, in the locale's words. */
export function headerWords(model: ModelFacts, t: Locale): Record<string, string> {
  const header = model.fromHeader!;
  const p = t.phrases;
  return {
    why: fill(p.headerWhy[header.why], { modelType: model.modelType }),
    tensors: formatCount(BigInt(header.tensors)),
    buffers: header.buffers.length
      ? fill(p.headerBuffers!, { count: String(header.buffers.length) })
      : '',
  };
}
