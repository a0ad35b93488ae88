import { cacheTypes, isByteWide, type CacheType } from '../analysis/cache-types.js';
import { weightTypes, type WeightType } from '../analysis/memory.js';

/**
 * The defaults every front end shares (the CLI's options, the web page's knobs, the library's
 * figures): one place, so `tparams memory`, a document's figures and the page agree.
 */

/** Tokens of context when neither the request nor the config says: GPT-2 and GPT-3's 2,048. */
export const defaultContext = 2048n;

/** The weights' type when none is asked for: bf16, as checkpoints ship today. */
export const defaultWeightType = 'bf16' satisfies WeightType;

/** Every weight type, in the table's order (the CLI's `--dtype` choices). */
export const weightTypeNames = Object.keys(weightTypes) as WeightType[];

/** Every KV cache type, in the table's order (`--kv-dtype`). */
export const cacheTypeNames = Object.keys(cacheTypes) as CacheType[];

/** Types whole bytes wide that weights and cache alike may take (solve's and sweep's `--dtype`). */
export const byteWideTypes = cacheTypeNames.filter(
  (t): t is CacheType & WeightType =>
    isByteWide(t) &&
    t in weightTypes &&
    weightTypes[t as WeightType].bits >= 8 &&
    !('llama' in weightTypes[t as WeightType]),
);

/** The context a figure assumes: the one asked for, else the model's longest, else the default. */
export function contextFor(model: { readonly contextLength?: bigint }, asked?: bigint): bigint {
  return asked ?? model.contextLength ?? defaultContext;
}

/**
 * The cache's type when none is asked for: the weights' when they are 16 or 32 bits, else bf16;
 * with a llama.cpp file type, llama.cpp's own default (`-ctk f16 -ctv f16`).
 */
export function cacheTypeFor(weights: WeightType): CacheType {
  if ('llama' in weightTypes[weights]) return 'fp16';
  return weightTypes[weights].bits >= 16 && weights in cacheTypes ? (weights as CacheType) : 'bf16';
}
