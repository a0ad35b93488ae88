import { biasFromAttentionBias, llamaLikeFamily } from './llama-like.js';
import { expertsPerToken } from './building-blocks.js';

/**
 * Phi-3.5-MoE (modeling_phimoe.py): Llama attention (`attention_bias` on all four projections),
 * LayerNorms with a bias (input, post-attention and final), Mixtral's experts (w1/w2/w3, no bias) and
 * router (no bias), and an LM head with a bias when `lm_head_bias`.
 */
export const phimoe = llamaLikeFamily({
  modelTypes: ['phimoe'],
  classPrefix: 'Phimoe',
  sliding: 'all-when-set',
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
  attentionBias: biasFromAttentionBias,
  normType: 'layernorm',
  lmHeadBias: (config) => config.flag('lm_head_bias'),
  moe: (config, sizes, d) => ({
    sparseLayers: config.size('num_hidden_layers'),
    block: () => ({
      kind: 'moe',
      key: 'block_sparse_moe',
      d,
      role: 'mlp',
      ...expertsPerToken(config, sizes),
      experts: sizes.bind('E', config.size('num_local_experts')),
      expert: {
        dFF: sizes.bind('d_ff', config.size('intermediate_size')),
        gated: true,
        bias: false,
        keys: { gate: 'w1', up: 'w3', down: 'w2' },
      },
    }),
  }),
});
