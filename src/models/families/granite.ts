import { decoderFamily } from './decoder-family.js';
import { separateQkv } from './parts/attention-kinds.js';
import { gatedMlp } from './parts/feed-forward-kinds.js';
import { expertsBlock } from './parts/moe-blocks.js';
import { normPlacements } from './parts/norm-placements.js';

// Granite and Granite-MoE (modeling_granite.py, modeling_granitemoe.py). The muP multipliers
// (embedding, attention, residual, logits) scale activations and change no shape.

/** The config class defaults both share (GraniteConfig, GraniteMoeConfig). */
const graniteDefaults = {
  vocab_size: 32000,
  hidden_size: 4096,
  intermediate_size: 11008,
  num_hidden_layers: 32,
  num_attention_heads: 32,
  num_key_value_heads: null, // none: a key/value head per query head
  head_dim: null, // granite-3.1-2b-instruct leaves it out: d / n_h
  attention_bias: false,
  tie_word_embeddings: false,
};

const graniteAttention = separateQkv({ bias: { layout: 'all', when: 'attention_bias' } });

/** Granite: Llama with `attention_bias` and `mlp_bias`; GraniteConfig leaves the head untied. */
export const granite = decoderFamily({
  modelTypes: ['granite'],
  classPrefix: 'Granite',
  defaults: { ...graniteDefaults, mlp_bias: false },
  attention: graniteAttention,
  feedForward: gatedMlp({ bias: 'mlp_bias' }),
  norms: normPlacements.pre,
});

/**
 * Granite-MoE: every layer's feed-forward is `block_sparse_moe`: a router (`router.layer`, no bias)
 * and `num_local_experts` gated experts stored as two parallel-expert tensors, input_linear
 * (E × 2·d_ff × d) and output_linear (E × d × d_ff): the count of E SwiGLU experts.
 */
export const granitemoe = decoderFamily({
  modelTypes: ['granitemoe'],
  classPrefix: 'GraniteMoe',
  defaults: {
    ...graniteDefaults,
    num_local_experts: 8,
    num_experts_per_tok: 2, // GraniteMoeConfig's default: the active count needs it when a config leaves it out
  },
  attention: graniteAttention,
  moe: {
    layers: 'all',
    block: expertsBlock({
      key: 'block_sparse_moe',
      experts: 'num_local_experts',
      router: { path: 'router.layer' },
      fused: 'granite',
    }),
  },
  norms: normPlacements.pre,
});
