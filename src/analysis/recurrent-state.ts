import { add, label, mul, num, sym } from '../expr/nodes.js';
import type { Bindings } from '../expr/evaluate.js';
import { deriveFigure } from '../derive/figure.js';
import type { Derivation } from '../derive/steps.js';
import type { RecurrentStateLayout, RecurrentStateSpec } from '../models/spec/model-spec.js';
import { cacheTypes, type CacheType } from './kv-cache.js';

/** The recurrent layers' state for a batch, as a derivation, and the kinds that make it up. */
export interface RecurrentState {
  /** Bytes `B` sequences keep: the same at any context length. */
  readonly total: Derivation;
  readonly kinds: readonly RecurrentStateSpec[];
  readonly sizes: Readonly<Record<string, bigint>>;
}

export interface RecurrentStateRequest {
  /** The state's element type: transformers keeps it in the model's own type, as the KV cache. */
  readonly dtype: CacheType;
  readonly batch: bigint;
}

/**
 * `M_state = b·B·Σ layers·(what a layer keeps)`: a convolution layer its `channels` last inputs of
 * `kernel` columns each (transformers' convention: the whole window, where vLLM keeps `kernel − 1`),
 * a scan layer its state.
 */
export function recurrentState(
  layout: RecurrentStateLayout,
  bindings: Bindings,
  request: RecurrentStateRequest,
): RecurrentState {
  const perLayer = (entry: RecurrentStateSpec) =>
    entry.name === 'conv'
      ? mul(entry.layers, entry.channels, entry.kernel)
      : mul(entry.layers, entry.perSequence);
  const sizes = { B: request.batch };
  const definition = mul(
    num(cacheTypes[request.dtype]),
    sym('B'),
    add(...layout.entries.map(perLayer)),
  );
  return {
    total: deriveFigure(label('M', 'state'), definition, { ...bindings, ...sizes }),
    kinds: layout.entries,
    sizes,
  };
}
