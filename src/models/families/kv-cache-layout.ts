import { add, mul, num, sym, type Expr } from '../../expr/nodes.js';
import type { ConfigFields } from '../config/config-fields.js';
import type { KvCacheLayout, KvCacheSpec } from '../spec/model-spec.js';

/** Which layers attend through a sliding window, by the family's rule. */
export type SlidingRule =
  /** `sliding_window` set: every layer (Mistral, Mixtral, StarCoder2, Phi-3). */
  | 'all-when-set'
  /** Even layers slide (Gemma 2: `not layer_idx % 2`). */
  | 'alternate'
  /** All but every `sliding_window_pattern`-th layer (Gemma 3: five local, one global). */
  | 'pattern'
  /** Every `globalEvery`-th layer is global (`(i + 1) % n == 0`), the others slide (OLMo 3: 4). */
  | { readonly globalEvery: bigint };

/** Every one of `layers` layers caches `perToken` elements a generated token. */
export const selfCache = (layers: Expr, perToken: Expr): KvCacheLayout => ({
  entries: [{ name: 'self', layers, perToken }],
  sizes: {},
});

/**
 * The cache of a hybrid stack's attention layers, `layers` of them (Bamba, Granite 4, LFM2,
 * Zamba2): none when the stack has none, as a stack of only Mamba or convolution layers keeps
 * no KV cache.
 */
export const attentionLayersCache = (
  layers: Expr | undefined,
  perToken: Expr,
): { kvCache?: KvCacheLayout } => (layers ? { kvCache: selfCache(layers, perToken) } : {});

/**
 * An encoder-decoder's cache: each of the `L_dec` decoder layers keeps the generated tokens' keys and
 * values (self-attention) and, computed once, the encoder output's (cross-attention, over `n_src`).
 * A decoder used alone (`…ForCausalLM`) keeps only the first.
 */
export function seq2seqCache(
  perToken: Expr,
  options: { cross: boolean; sourceLength?: bigint },
): KvCacheLayout {
  const layers = sym('L_dec');
  const entries: KvCacheSpec[] = [
    { name: 'self', layers, perToken },
    ...(options.cross ? [{ name: 'cross', layers, perToken, over: 'source' } as const] : []),
  ];
  return {
    entries,
    sizes: {},
    ...(options.sourceLength !== undefined ? { sourceLength: options.sourceLength } : {}),
  };
}

/**
 * A decoder's self-attention cache: `perToken` elements a token in each of `layers` layers
 * (`2·n_kv·d_h`: a key and a value for each key/value head). Layers that slide keep at most
 * `sliding_window` tokens: read from `layer_types` when the config lists them, else by the family's
 * rule; the sliding and the global layers are then counted apart (`L_local`, `L_global`), symbols
 * of the cache alone, so they stay out of the parameter count's derivation.
 */
export function decoderCache(
  config: ConfigFields,
  layers: Expr,
  layerCount: bigint,
  perToken: Expr,
  rule?: SlidingRule,
): KvCacheLayout {
  const window = windowOf(config);
  const sliding = window === undefined ? 0n : slidingLayers(config, layerCount, rule);
  if (sliding === 0n || window === undefined) return selfCache(layers, perToken);
  if (sliding === layerCount)
    return { entries: [{ name: 'sliding', layers, perToken, window }], sizes: {} };
  const entries: KvCacheSpec[] = [
    { name: 'self', layers: sym('L_global'), perToken },
    { name: 'sliding', layers: sym('L_local'), perToken, window },
  ];
  return { entries, sizes: { L_global: layerCount - sliding, L_local: sliding } };
}

/** `2·n_kv·d_h` (or `2·d`): one key and one value, for each key/value head, of a head's width. */
export const keysAndValues = (...widths: Expr[]): Expr => mul(num(2), ...widths);

/** The sum of stack counts (`L_dense + L_moe`), for families that split their layers. */
export const allLayers = (counts: readonly Expr[]): Expr => add(...counts);

function windowOf(config: ConfigFields): bigint | undefined {
  const value = config.value('sliding_window');
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) return undefined;
  if (config.value('use_sliding_window') === false) return undefined;
  return BigInt(value);
}

function slidingLayers(
  config: ConfigFields,
  layerCount: bigint,
  rule: SlidingRule | undefined,
): bigint {
  const types = config.value('layer_types');
  if (Array.isArray(types)) return BigInt(types.filter((t) => t === 'sliding_attention').length);
  if (typeof rule === 'object') return layerCount - layerCount / rule.globalEvery;
  switch (rule) {
    case 'all-when-set':
      return layerCount;
    case 'alternate':
      return (layerCount + 1n) / 2n;
    case 'pattern': {
      // Every `pattern`-th layer is global, the others slide: counted, not enumerated.
      const pattern = config.optionalSize('sliding_window_pattern') ?? 6n;
      return layerCount - layerCount / pattern;
    }
    default:
      return 0n;
  }
}
