import { add, label, mul, num, sym, type Expr } from '../expr/nodes.js';
import type { Bindings } from '../expr/evaluate.js';
import { deriveFigure } from '../derive/figure.js';
import type { Derivation } from '../derive/steps.js';
import type { KvCacheLayout, KvCacheSpec } from '../models/spec/model-spec.js';

/** Cache data types: bytes an element (fp8 and int8 caches as vLLM's `kv_cache_dtype` keeps them). */
export const cacheTypes = { fp32: 4, fp16: 2, bf16: 2, fp8: 1, int8: 1 } as const;
export type CacheType = keyof typeof cacheTypes;

/** The KV cache of a model as derivations: bytes a token (all layers), and for a context and batch. */
export interface KvCache {
  /** Bytes one generated token adds to every layer's cache (before a sliding window fills). */
  readonly perToken: Derivation;
  /** Bytes for `n_ctx` tokens of context and `B` sequences: sliding layers capped at their window, cross-attention over `n_src`. */
  readonly total: Derivation;
  /** Multi-head latent attention: the same with the latents expanded to full keys and values. */
  readonly expanded?: Derivation;
  /** The kinds of layer in the cache, for the reader: `self`, `sliding` (with its window), `cross`, `latent`. */
  readonly kinds: readonly KvCacheSpec[];
  /** The sizes the cache used beyond the model's: `n_ctx`, `B`, `n_win`, `n_src`. */
  readonly sizes: Readonly<Record<string, bigint>>;
}

export interface KvCacheRequest {
  readonly dtype: CacheType;
  readonly context: bigint;
  readonly batch: bigint;
  /** Encoder tokens for cross-attention; default the layout's (Whisper's 1500 frames), else the context. */
  readonly source?: bigint;
}

/**
 * Derives the cache from what the family declares: a token leaves `b·Σ layers·perToken` bytes, and a
 * batch `b·B·Σ tokens·layers·perToken`, where a layer keeps `n_ctx` tokens, a sliding one
 * `n_win = min(n_ctx, window)`, a cross-attention one the encoder's `n_src`.
 */
export function kvCache(
  layout: KvCacheLayout,
  bindings: Bindings,
  request: KvCacheRequest,
): KvCache {
  const b = num(cacheTypes[request.dtype]);
  const sizes: Record<string, bigint> = { n_ctx: request.context, B: request.batch };
  const tokensOf = (entry: KvCacheSpec): Expr => {
    if (entry.over === 'source') {
      sizes.n_src = request.source ?? layout.sourceLength ?? request.context;
      return sym('n_src');
    }
    if (entry.window !== undefined) {
      sizes.n_win = request.context < entry.window ? request.context : entry.window;
      return sym('n_win');
    }
    return sym('n_ctx');
  };
  const perLayer = (entry: KvCacheSpec, expanded: boolean) =>
    mul(entry.layers, expanded ? (entry.expanded ?? entry.perToken) : entry.perToken);
  const growing = layout.entries.filter((e) => e.over !== 'source');
  const all: Bindings = { ...bindings, ...layout.sizes, ...sizes };
  const perToken = deriveFigure(
    label('M', 'kv/token'),
    mul(b, add(...growing.map((e) => perLayer(e, false)))),
    all,
  );
  const totalOf = (expanded: boolean, name: string) => {
    const definition = mul(
      b,
      sym('B'),
      add(...layout.entries.map((e) => mul(tokensOf(e), perLayer(e, expanded)))),
    );
    return deriveFigure(label('M', name), definition, {
      ...all,
      ...sizes,
    });
  };
  const total = totalOf(false, 'kv');
  const expanded = layout.entries.some((e) => e.expanded)
    ? totalOf(true, 'kv,expanded')
    : undefined;
  return {
    perToken,
    total,
    kinds: layout.entries,
    sizes: { ...layout.sizes, ...sizes },
    ...(expanded ? { expanded } : {}),
  };
}
