import type { Part, Role } from '../components/part.js';

/**
 * How a tensor is laid out over the GPUs of one tensor-parallel group, as vLLM's layers do it
 * (`vllm/model_executor/layers/linear.py`, `vocab_parallel_embedding.py`, Megatron-LM's scheme):
 *
 * - `column`: `ColumnParallelLinear` (Q, K, V, gate, up): the output features are split, each GPU
 *   holds `out/t` of them, and its bias too;
 * - `row`: `RowParallelLinear` (the attention output, down): the input features are split, the
 *   bias is added once after the all-reduce, so every GPU holds all of it;
 * - `kv`: the key and value projections of `QKVParallelLinear`, split by heads: `n_kv/t` heads a
 *   GPU, or one head replicated on `t/n_kv` GPUs when there are fewer heads than GPUs;
 * - `vocab`: `VocabParallelEmbedding` and `ParallelLMHead`: rows split after the vocabulary is
 *   padded to a multiple of 64 (`DEFAULT_VOCAB_PADDING_SIZE`);
 * - `channel`: a recurrent mixer's per-channel tensors (Mamba's `A_log`, `D`, its convolution),
 *   split with the channels its input projection splits;
 * - `replicated`: every GPU holds all of it (norms, routers, position tables, MLA's down-projections
 *   `q_a_proj` and `kv_a_proj_with_mqa`, which vLLM keeps as `ReplicatedLinear`).
 */
export type Layout = 'column' | 'row' | 'kv' | 'vocab' | 'channel' | 'replicated';

/** Row-parallel linears by their label's tag: each is the second of a column→row pair. */
const rowTags = new Set(['O', 'o', 'down', 'proj', 'out', 'x']);

/** Linears every GPU holds whole: MLA's latent down-projections, MoE routers, a shared expert's gate. */
const replicatedTags = new Set(['Qa', 'KVa', 'router', 'sgate']);

/** The key and value projections, split by their heads. */
const kvTags = new Set(['K', 'V']);

/** Roles inside which linears are split; a task head or a tower's projector stays whole. */
const splitRoles = new Set<Role>(['attention', 'mixer', 'mlp']);

/** Where a tensor sits, as far as its layout depends on it. */
export interface TensorContext {
  /** The innermost attention, mixer or MLP role above it, if any. */
  readonly within?: Role;
  /** Its linear's tag (the first subscript of the linear's label: `Q`, `down`, `router`). */
  readonly tag?: string;
  /** The role of the tensor or its nearest ancestor with one. */
  readonly role?: Role;
}

/** The layout of one tensor under tensor parallelism, by the table above. */
export function layoutOf(tensor: Part & { kind: 'tensor' }, at: TensorContext): Layout {
  if (at.role === 'token-embedding' && tensor.shape.length === 2) return 'vocab';
  if (at.role === 'unembedding' && tensor.matrix) return 'vocab';
  if (at.within === undefined || !splitRoles.has(at.within)) return 'replicated';
  const tag = at.tag ?? '';
  if (replicatedTags.has(tag)) return 'replicated';
  if (at.role === 'norm') return at.within === 'mixer' ? 'channel' : 'replicated';
  const isBias = tensor.key === 'bias';
  if (tensor.matrix || isBias) {
    if (rowTags.has(tag)) return isBias ? 'replicated' : 'row';
    if (kvTags.has(tag)) return 'kv';
    return 'column';
  }
  // A mixer's other tensors are per channel (A_log, D, dt_bias, the depthwise convolution).
  return at.within === 'mixer' ? 'channel' : 'replicated';
}

/** The dimension a layout splits, for the reader. */
export const splitDimension: Record<Layout, string> = {
  column: 'output features ÷ t',
  row: 'input features ÷ t (its bias whole)',
  kv: 'heads ÷ t (one head replicated when n_kv < t)',
  vocab: 'vocabulary rows, padded to a multiple of 64, ÷ t',
  channel: 'channels ÷ t',
  replicated: 'whole on every GPU',
};
