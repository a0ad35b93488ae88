import { add, label, mul, num, sym, type Expr } from '../expr/nodes.js';
import { evaluate, UnboundSymbolError, type Bindings } from '../expr/evaluate.js';
import { deriveFigure } from '../derive/figure.js';
import type { Derivation } from '../derive/steps.js';
import type { KvCacheLayout, KvCacheSpec } from '../models/spec/model-spec.js';
import { cacheTypes, elementBytes, isByteWide, type CacheType } from './cache-types.js';
import { sharedCells, tokensTerm, type KvEngineRequest } from './kv-engines.js';
import { UserError } from '../errors/user-error.js';

export { cacheTypes, type CacheType } from './cache-types.js';

/** The KV cache of a model as derivations: bytes a token (all layers), and for a context and batch. */
export interface KvCache {
  /** Bytes one generated token adds to every layer's cache (before a sliding window fills). */
  readonly perToken: Derivation;
  /** Bytes for `n_ctx` tokens of context and `B` sequences, by the engine's rule. */
  readonly total: Derivation;
  /** Multi-head latent attention: the same with the latents expanded to full keys and values. */
  readonly expanded?: Derivation;
  /** The kinds of layer in the cache, for the reader: `self`, `sliding` (with its window), `cross`, `latent`. */
  readonly kinds: readonly KvCacheSpec[];
  /** The sizes the cache used beyond the model's: `n_ctx`, `B`, `n_win`, `n_src`, the engine's. */
  readonly sizes: Readonly<Record<string, bigint>>;
  /** Quantized blocks: elements a key or value row holds (`n_q` blocks of 32 when every row is alike). */
  readonly rows?: { readonly elements: bigint; readonly blocks: bigint } | undefined;
}

export interface KvCacheRequest {
  readonly dtype: CacheType;
  /** The values' type when it differs from the keys' (llama.cpp's `--cache-type-v`). */
  readonly vDtype?: CacheType;
  readonly context: bigint;
  readonly batch: bigint;
  /** Encoder tokens for cross-attention; default the layout's (Whisper's 1500 frames), else the context. */
  readonly source?: bigint;
  /** Whose allocation rule; default transformers' (the modeling code's own cache). */
  readonly engine?: KvEngineRequest;
}

/**
 * A layer's rows a token: `perToken = 2·row` is a key row and a value row alike; `k + v` (a
 * checkpoint header's key and value widths) a key row and a value row; anything else (a latent) is
 * one row, kept in the keys' type.
 */
function rowsOf(entry: KvCacheSpec): { k: Expr; v?: Expr } {
  const pt = entry.perToken;
  if (entry.name === 'latent') return { k: pt };
  if (pt.kind === 'mul' && pt.factors[0]?.kind === 'num' && pt.factors[0].value === 2n) {
    const row = mul(...pt.factors.slice(1));
    return { k: row, v: row };
  }
  if (pt.kind === 'add' && pt.terms.length === 2) return { k: pt.terms[0]!, v: pt.terms[1]! };
  return { k: pt };
}

/**
 * Derives the cache from what the family declares. With one byte-wide type, a token leaves
 * `b·Σ layers·perToken` bytes and a batch `b·B·Σ tokens·layers·perToken`; with a quantized type or
 * keys and values of two types, each row is counted in its own: `b_K·row + b_V·row`, a quantized
 * row `bytes·n_q` for its `n_q = row/32` blocks (ggml's `ggml_row_size`). The tokens a layer keeps
 * are the engine's (kv-engines.ts); llama.cpp's cells hold all sequences at once, so no `B`.
 */
export function kvCache(
  layout: KvCacheLayout,
  bindings: Bindings,
  request: KvCacheRequest,
): KvCache {
  const engine = request.engine ?? { name: 'transformers' };
  const vType = request.vDtype ?? request.dtype;
  const plain = vType === request.dtype && isByteWide(request.dtype);
  const sizes: Record<string, bigint> = { n_ctx: request.context, B: request.batch };
  const all: Bindings = { ...bindings, ...layout.sizes, ...sizes };
  // Rows' elements matter to a block type or two types only (a fit's search asks in one plain type).
  const rowValues = plain
    ? []
    : layout.entries.map((e) => {
        const rows = rowsOf(e);
        return { k: rowElements(rows.k, all), v: rows.v && rowElements(rows.v, all) };
      });
  const values = rowValues.flatMap((r) => (r.v === undefined ? [r.k] : [r.k, r.v]));
  const sameRows = values.every((v) => v !== undefined && v === values[0]);
  let rows: KvCache['rows'];
  const typed = (type: CacheType, row: Expr, value: bigint | undefined, flag: string): Expr => {
    const spec = cacheTypes[type];
    if (spec.block === 1) return mul(num(spec.bytes), row);
    const block = BigInt(spec.block);
    // ggml_row_size asserts whole blocks; llama.cpp refuses such a cache before it gets there.
    if (value !== undefined && value % block !== 0n)
      throw new UserError(
        `${flag} ${type}: a row of ${value} elements is not whole blocks of ${block} (llama.cpp refuses it too)`,
        { field: flag, received: type, expected: `rows of a multiple of ${block} elements` },
      );
    if (value === undefined || sameRows) {
      if (value !== undefined) {
        sizes.n_q = value / block;
        rows = { elements: value, blocks: value / block };
      }
      return mul(num(spec.bytes), sym('n_q'));
    }
    return mul(num(spec.bytes), num(value / block));
  };
  const bytesOf = (entry: KvCacheSpec, i: number, expanded: boolean): Expr => {
    if (expanded) return mul(num(elementBytes(plainType(request.dtype))), entry.expanded!);
    const rows = rowsOf(entry);
    const value = rowValues[i]!;
    const key = typed(request.dtype, rows.k, value.k, '--kv-dtype');
    return rows.v ? add(key, typed(vType, rows.v, value.v, '--v-dtype')) : key;
  };
  const perLayer = (entry: KvCacheSpec, i: number, expanded: boolean) =>
    plain
      ? mul(entry.layers, expanded ? (entry.expanded ?? entry.perToken) : entry.perToken)
      : mul(entry.layers, bytesOf(entry, i, expanded && entry.expanded !== undefined));
  const b = plain ? [num(elementBytes(request.dtype))] : [];
  const growing = layout.entries.flatMap((e, i) => (e.over === 'source' ? [] : [{ e, i }]));
  const perToken = deriveFigure(
    label('M', 'kv/token'),
    mul(...b, add(...growing.map(({ e, i }) => perLayer(e, i, false)))),
    { ...all, ...sizes },
  );
  const totalOf = (expanded: boolean, name: string) => {
    const terms = layout.entries.map((e, i) => {
      const term = tokensTerm(engine, layout, e, request);
      Object.assign(sizes, term.sizes);
      return mul(term.tokens, perLayer(e, i, expanded));
    });
    const batch = sharedCells(engine.name) ? [] : [sym('B')];
    return deriveFigure(label('M', name), mul(...b, ...batch, add(...terms)), { ...all, ...sizes });
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
    ...(rows ? { rows } : {}),
  };
}

/** Expanded latents are full keys and values in a byte-wide type: the asked one, or fp16 for a quantized one. */
const plainType = (type: CacheType): CacheType => (isByteWide(type) ? type : 'fp16');

/** A row's elements, or undefined while a size it names has no value (a symbolic derivation). */
function rowElements(row: Expr, values: Bindings): bigint | undefined {
  try {
    return evaluate(row, values);
  } catch (error) {
    if (error instanceof UnboundSymbolError) return undefined;
    throw error;
  }
}
