import { decoderFamily } from './decoder-family.js';
import { separateQkv } from './parts/attention-kinds.js';
import { expertsBlock } from './parts/moe-blocks.js';
import { normPlacements } from './parts/norm-placements.js';

/**
 * Phi-3.5-MoE (modeling_phimoe.py): Llama attention (`attention_bias` on all four projections),
 * LayerNorms with a bias (input, post-attention and final), Mixtral's experts (w1/w2/w3, no bias) and
 * router (no bias), and an LM head with a bias when `lm_head_bias`.
 */
export const phimoe = decoderFamily({
  modelTypes: ['phimoe'],
  classPrefix: 'Phimoe',
  defaults: {
    vocab_size: 32064,
    hidden_size: 4096,
    intermediate_size: 6400,
    num_hidden_layers: 32,
    num_attention_heads: 32,
    num_key_value_heads: 8,
    head_dim: null,
    num_local_experts: 16,
    num_experts_per_tok: 2, // PhimoeConfig's default: the active count needs it when a config leaves it out
    attention_bias: false,
    lm_head_bias: false,
    tie_word_embeddings: false,
  },
  attention: separateQkv({ bias: { layout: 'all', when: 'attention_bias' } }),
  moe: {
    layers: 'all',
    block: expertsBlock({
      key: 'block_sparse_moe',
      experts: 'num_local_experts',
      keys: { gate: 'w1', up: 'w3', down: 'w2' },
    }),
  },
  norms: normPlacements.pre,
  normKind: 'layernorm',
  lmHeadBias: 'lm_head_bias',
  sliding: 'all-when-set',
});
