import { accelerators } from '../analysis/memory.js';
import { fill, loadLocale } from '../i18n/locale.js';
import { formatCount } from '../render/numbers.js';
import type { Fits } from '../requests/fits.js';
import type { MemoryFigures } from '../requests/memory-request.js';
import { hanging } from './wrap.js';

/** The sentences of `tparams memory`, from `templates/locales/en.json` (`memory`). */
const words = () => loadLocale('en').memory;

/** What `total` holds, for the fits line: the training memory, or the weights with what they keep. */
function fitsWhat(figures: MemoryFigures): string {
  const w = words();
  if (figures.training) return w.fitsTraining;
  if (figures.state) return w.fitsWeightsCacheAndState;
  return figures.kv ? w.fitsWeightsAndCache : w.fitsWeights;
}

/** Whether the total fits each accelerator size: the table shown when no `--gpu` is asked for. */
export function acceleratorLines(figures: MemoryFigures, total: bigint, width: number): string[] {
  const w = words();
  const left = figures.training ? w.leftOutTraining : w.leftOutInference;
  const lines = hanging(fill(w.fits, { what: fitsWhat(figures), left }), width, '', '  ');
  const nameWidth = Math.max(...accelerators.map((a) => a.name.length));
  for (const a of accelerators)
    lines.push(`  ${a.name.padEnd(nameWidth)}  ${total <= a.bytes ? w.yes : w.no}`);
  return lines;
}

/** The inputs a fits table's labels name: the weights' type, the context and the batch asked for. */
export interface FitsAsked {
  readonly dtype: string;
  readonly batch: bigint;
  readonly training: boolean;
  /** Inference over a parallel plan: the figures are the heaviest GPU's. */
  readonly parallel?: boolean;
}

/**
 * What fits `--gpu NAME[xN]`: the request as asked, then the longest context, the largest batch
 * and the widest weight type, each with the other sizes held as asked; a two-column table.
 */
export function fitsLines(
  fits: Fits,
  asked: FitsAsked,
  byteSizes: (bytes: bigint) => string,
  width: number,
): string[] {
  const w = words();
  const gpus = `${formatCount(fits.gpu.count)} × ${fits.gpu.spec.name}`;
  const title = fill(
    asked.training ? w.fitsOnTraining : asked.parallel ? w.fitsOnParallel : w.fitsOn,
    {
      gpus,
      capacity: byteSizes(fits.capacity),
      convention: asked.training ? w.fitsTransformersTraining : conventionText(fits),
    },
  );
  const context = formatCount(fits.context);
  const batch = formatCount(asked.batch);
  const rows: [string, string][] = [
    [
      fill(w.fitsAsked, { dtype: asked.dtype, context, batch }),
      fill(fits.asked.fits ? w.fitsAskedYes : w.fitsAskedNo, {
        bytes: formatCount(fits.asked.bytes),
      }),
    ],
    [fill(w.fitsLongest, { batch }), longestText(fits)],
    [fill(w.fitsLargestBatch, { context }), batchText(fits)],
  ];
  if (fits.bestWeightType !== undefined)
    rows.push([fill(w.fitsBestType, { context, batch }), fits.bestWeightType ?? w.fitsNone]);
  const labelWidth = Math.max(...rows.map(([l]) => l.length));
  return [
    ...hanging(title, width, '', '  '),
    ...rows.map(([label, value]) => `  ${label.padEnd(labelWidth)}  ${value}`),
  ];
}

/** The convention's sentence: the engine's reserve, named, when it keeps one. */
function conventionText(fits: Fits): string {
  const w = words();
  const values = { reserved: formatCount(fits.reserved), fraction: fits.fraction ?? '' };
  switch (fits.convention) {
    case 'vllm':
      return fill(w.fitsVllm, values);
    case 'sglang':
      return fits.fraction ? fill(w.fitsSglang, values) : w.fitsTransformers;
    case 'llama.cpp':
      return w.fitsLlamaCpp;
    default:
      return w.fitsTransformers;
  }
}

function longestText(fits: Fits): string {
  const w = words();
  const longest = fits.longestContext;
  if (!longest) return w.fitsNone;
  const n = formatCount(longest.tokens);
  if (longest.tokens < longest.cap)
    return fill(longest.tokens === 1n ? w.fitsToken : w.fitsTokens, { n });
  return fill(fits.capIsModels ? w.fitsTokensCap : w.fitsTokensSearchCap, { n });
}

function batchText(fits: Fits): string {
  const w = words();
  if (fits.largestBatch === null) return w.fitsNone;
  const n = formatCount(fits.largestBatch);
  if (fits.largestBatch >= fits.maxBatch) return fill(w.fitsSequencesCap, { n });
  return fill(fits.largestBatch === 1n ? w.fitsSequence : w.fitsSequences, { n });
}

/** The fits as JSON: `"fits"` becomes this object when `--gpu` is given. */
export function fitsJson(fits: Fits): Record<string, unknown> {
  return {
    gpu: fits.gpu.spec.name,
    count: Number(fits.gpu.count),
    source: fits.gpu.spec.source.title,
    url: fits.gpu.spec.source.url,
    capacity_bytes: fits.capacity.toString(),
    convention: fits.convention,
    reserved_bytes: fits.reserved.toString(),
    ...(fits.fraction ? { fraction: fits.fraction } : {}),
    asked: { bytes: fits.asked.bytes.toString(), fits: fits.asked.fits },
    longest_context: fits.longestContext?.tokens.toString() ?? null,
    longest_context_is_cap: fits.longestContext
      ? fits.longestContext.tokens >= fits.longestContext.cap
      : false,
    largest_batch: fits.largestBatch?.toString() ?? null,
    largest_batch_is_cap: fits.largestBatch !== null && fits.largestBatch >= fits.maxBatch,
    ...(fits.bestWeightType !== undefined ? { best_weight_type: fits.bestWeightType } : {}),
  };
}
