import { mul, num } from '../../expr/nodes.js';
import { biasFromAttentionBias, llamaLikeFamily } from './llama-like.js';
import { expertsPerToken } from './building-blocks.js';

// Granite and Granite-MoE (modeling_granite.py, modeling_granitemoe.py). The muP multipliers
// (embedding, attention, residual, logits) scale activations and change no shape.

/** Granite: Llama with `attention_bias` and `mlp_bias`; GraniteConfig leaves the head untied. */
export const granite = llamaLikeFamily({
  modelTypes: ['granite'],
  classPrefix: 'Granite',
  defaults: {
    vocab_size: 32000,
    hidden_size: 4096,
    intermediate_size: 11008,
    num_hidden_layers: 32,
    num_attention_heads: 32,
    num_key_value_heads: null,
    head_dim: null,
    attention_bias: false,
    mlp_bias: false,
    tie_word_embeddings: false,
  },
  attentionBias: biasFromAttentionBias,
  mlpBias: (config) => config.flag('mlp_bias'),
});

/**
 * Granite-MoE: every layer's feed-forward is `block_sparse_moe`: a router (`router.layer`, no bias)
 * and `num_local_experts` gated experts stored as two parallel-expert tensors, input_linear
 * (E × 2·d_ff × d) and output_linear (E × d × d_ff): the count of E SwiGLU experts.
 */
export const granitemoe = llamaLikeFamily({
  modelTypes: ['granitemoe'],
  classPrefix: 'GraniteMoe',
  defaults: {
    vocab_size: 32000,
    hidden_size: 4096,
    intermediate_size: 11008,
    num_hidden_layers: 32,
    num_attention_heads: 32,
    num_key_value_heads: null,
    head_dim: null,
    attention_bias: false,
    num_local_experts: 8,
    num_experts_per_tok: 2, // GraniteMoeConfig's default: the active count needs it when a config leaves it out
    tie_word_embeddings: false,
  },
  attentionBias: biasFromAttentionBias,
  moe: (config, sizes, d) => ({
    sparseLayers: config.size('num_hidden_layers'),
    block: () => {
      const experts = sizes.bind('E', config.size('num_local_experts'));
      const dFF = sizes.bind('d_ff', config.size('intermediate_size'));
      // GraniteMoeParallelExperts keep all experts in one weight (E, out, in): input_linear holds gate and up.
      const fusedExperts = [
        { name: 'input_linear.weight', shape: [experts, mul(num(2), dFF), d] },
        { name: 'output_linear.weight', shape: [experts, d, dFF] },
      ];
      return {
        kind: 'moe',
        ...expertsPerToken(config, sizes),
        key: 'block_sparse_moe',
        d,
        experts,
        expert: { dFF, gated: true, bias: false },
        role: 'mlp',
        routerPath: 'router.layer',
        fusedExperts,
      };
    },
  }),
});
