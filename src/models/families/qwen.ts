import { decoderFamily } from './decoder-family.js';
import { separateQkv } from './parts/attention-kinds.js';
import { gatedMlp } from './parts/feed-forward-kinds.js';
import type { SparseLayers } from './parts/layer-stack.js';
import { expertsBlock } from './parts/moe-blocks.js';
import { normPlacements } from './parts/norm-placements.js';

/** Qwen2 / Qwen2.5: Q, K and V always have biases (O has none), whatever the config says. */
export const qwen2 = decoderFamily({
  modelTypes: ['qwen2'],
  classPrefix: 'Qwen2',
  defaults: {
    vocab_size: 151936,
    hidden_size: 4096,
    intermediate_size: 22016,
    num_hidden_layers: 32,
    num_attention_heads: 32,
    num_key_value_heads: 32,
    head_dim: null, // Qwen2.5-0.5B, Qwen2.5-7B leave it out: d / n_h
    tie_word_embeddings: false,
  },
  attention: separateQkv({ bias: { layout: 'qkv' } }),
  feedForward: gatedMlp(),
  norms: normPlacements.pre,
});

/** Qwen3: no Q/K/V biases by default, a per-head RMSNorm on queries and keys, head_dim 128 by default. */
export const qwen3 = decoderFamily({
  modelTypes: ['qwen3'],
  classPrefix: 'Qwen3',
  defaults: {
    vocab_size: 151936,
    hidden_size: 4096,
    intermediate_size: 22016,
    num_hidden_layers: 32,
    num_attention_heads: 32,
    num_key_value_heads: 32,
    head_dim: 128,
    attention_bias: false,
    tie_word_embeddings: false,
  },
  attention: separateQkv({
    bias: { layout: 'all', when: 'attention_bias' },
    qkNorm: { over: 'head' },
  }),
  feedForward: gatedMlp(),
  norms: normPlacements.pre,
});

/**
 * Qwen's MoE layers: a layer is sparse unless listed in `mlp_only_layers`, when
 * `(i + 1) % decoder_sparse_step == 0`; none when there are no experts.
 */
const qwenSparseLayers: SparseLayers = {
  period: 'decoder_sparse_step',
  exceptListed: 'mlp_only_layers',
  experts: 'num_experts',
};

/** Qwen2-MoE / Qwen1.5-MoE: Qwen2 attention; sparse layers add a gated shared expert. */
export const qwen2Moe = decoderFamily({
  modelTypes: ['qwen2_moe'],
  classPrefix: 'Qwen2Moe',
  defaults: {
    vocab_size: 151936,
    hidden_size: 2048,
    intermediate_size: 5632,
    num_hidden_layers: 24,
    num_attention_heads: 16,
    num_key_value_heads: 16,
    head_dim: null, // none: d / n_h
    decoder_sparse_step: 1, // every layer sparse
    moe_intermediate_size: 1408,
    shared_expert_intermediate_size: 5632,
    num_experts: 60,
    num_experts_per_tok: 4, // Qwen2MoeConfig's default: the active count needs it when a config leaves it out
    mlp_only_layers: [], // no dense layer
    tie_word_embeddings: false,
  },
  attention: separateQkv({ bias: { layout: 'qkv' } }),
  feedForward: gatedMlp(),
  moe: {
    layers: qwenSparseLayers,
    block: expertsBlock({
      key: 'mlp',
      experts: 'num_experts',
      width: { symbol: 'd_moe', field: 'moe_intermediate_size' },
      shared: {
        key: 'shared_expert',
        symbol: 'd_shared',
        field: 'shared_expert_intermediate_size',
        gated: true,
      },
    }),
  },
  norms: normPlacements.pre,
});

/**
 * Qwen3-MoE: Qwen3 attention (per-head Q/K norms); sparse layers as Qwen2-MoE's: a router and
 * `num_experts` SwiGLU experts of `moe_intermediate_size`, no shared expert. Its config has no
 * head_dim default.
 */
export const qwen3Moe = decoderFamily({
  modelTypes: ['qwen3_moe'],
  classPrefix: 'Qwen3Moe',
  defaults: {
    vocab_size: 151936,
    hidden_size: 2048,
    intermediate_size: 6144,
    num_hidden_layers: 24,
    num_attention_heads: 32,
    num_key_value_heads: 4,
    head_dim: null, // none: d / n_h
    attention_bias: false,
    decoder_sparse_step: 1, // every layer sparse
    moe_intermediate_size: 768,
    num_experts: 128,
    num_experts_per_tok: 8, // Qwen3MoeConfig's default: the active count needs it when a config leaves it out
    mlp_only_layers: [], // no dense layer
    tie_word_embeddings: false,
  },
  attention: separateQkv({
    bias: { layout: 'all', when: 'attention_bias' },
    qkNorm: { over: 'head' },
  }),
  feedForward: gatedMlp(),
  moe: {
    layers: qwenSparseLayers,
    block: expertsBlock({
      key: 'mlp',
      experts: 'num_experts',
      width: { symbol: 'd_moe', field: 'moe_intermediate_size' },
    }),
  },
  norms: normPlacements.pre,
});
