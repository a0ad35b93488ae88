import { add, label, mul, num, sub, sym } from '../expr/nodes.js';
import type { Bindings } from '../expr/evaluate.js';
import { deriveFigure } from '../derive/figure.js';
import type { Derivation } from '../derive/steps.js';
import type { RecurrentStateLayout, RecurrentStateSpec } from '../models/spec/model-spec.js';
import { elementBytes, type CacheType } from './cache-types.js';

/** The recurrent layers' state for a batch, as a derivation, and the kinds that make it up. */
export interface RecurrentState {
  /** Bytes `B` sequences keep: the same at any context length. */
  readonly total: Derivation;
  readonly kinds: readonly RecurrentStateSpec[];
  readonly sizes: Readonly<Record<string, bigint>>;
  /** Whether a convolution keeps its whole kernel (transformers) or one column fewer (the engines). */
  readonly convColumns: 'kernel' | 'kernel-1';
}

export interface RecurrentStateRequest {
  /** The state's element type: transformers keeps it in the model's own type, as the KV cache. */
  readonly dtype: CacheType;
  readonly batch: bigint;
  /**
   * `kernel`: transformers' caches keep a convolution's whole window; `kernel-1`: vLLM's
   * `MambaSpec` shapes, sglang's `MambaPool` and llama.cpp's `n_embd_r()` keep the `d_conv − 1`
   * inputs the next step needs.
   */
  readonly convColumns?: 'kernel' | 'kernel-1';
}

/**
 * `M_state = b·B·Σ layers·(what a layer keeps)`: a convolution layer its `channels` last inputs of
 * `kernel` (or `kernel − 1`) columns each, a scan layer its state.
 */
export function recurrentState(
  layout: RecurrentStateLayout,
  bindings: Bindings,
  request: RecurrentStateRequest,
): RecurrentState {
  const convColumns = request.convColumns ?? 'kernel';
  const perLayer = (entry: RecurrentStateSpec) =>
    entry.name === 'conv'
      ? mul(
          entry.layers,
          entry.channels,
          convColumns === 'kernel' ? entry.kernel : sub(entry.kernel, num(1)),
        )
      : mul(entry.layers, entry.perSequence);
  const sizes = { B: request.batch };
  const definition = mul(
    num(elementBytes(request.dtype)),
    sym('B'),
    add(...layout.entries.map(perLayer)),
  );
  return {
    total: deriveFigure(label('M', 'state'), definition, { ...bindings, ...sizes }),
    kinds: layout.entries,
    sizes,
    convColumns,
  };
}
