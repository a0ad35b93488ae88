import { mul, num } from '../../expr/nodes.js';
import { biasFromAttentionBias, llamaLikeFamily } from './llama-like.js';
import { expertsPerToken } from './building-blocks.js';

/**
 * gpt-oss (modeling_gpt_oss.py): grouped-query attention with biases (`attention_bias`, on by
 * default) and a learned sink logit per query head (`sinks`); every layer is a mixture of experts: a
 * router with a bias and `num_local_experts` SwiGLU experts stored fused (gate_up_proj E × d × 2·d_ff
 * with its bias, down_proj E × d_ff × d with its bias). Sliding and full attention layers have the
 * same weights. Untied head.
 */
export const gptOss = llamaLikeFamily({
  modelTypes: ['gpt_oss'],
  classPrefix: 'GptOss',
  sliding: 'alternate',
  defaults: {
    vocab_size: 201088,
    hidden_size: 2880,
    intermediate_size: 2880,
    num_hidden_layers: 36,
    num_attention_heads: 64,
    num_key_value_heads: 8,
    head_dim: 64,
    sliding_window: 128,
    num_local_experts: 128,
    num_experts_per_tok: 4, // GptOssConfig's default: the active count needs it when a config leaves it out
    attention_bias: true,
    tie_word_embeddings: false,
  },
  aliases: { num_local_experts: ['num_experts'] },
  attentionBias: biasFromAttentionBias,
  attentionSinks: true,
  moe: (config, sizes, d) => ({
    sparseLayers: config.size('num_hidden_layers'),
    block: () => {
      const experts = sizes.bind('E', config.size('num_local_experts'));
      const dFF = sizes.bind('d_ff', config.size('intermediate_size'));
      // GptOssExperts: gate and up fused, every expert in one tensor, stored [E, in, out].
      const fusedExperts = [
        { name: 'experts.gate_up_proj', shape: [experts, d, mul(num(2), dFF)] },
        { name: 'experts.gate_up_proj_bias', shape: [experts, mul(num(2), dFF)] },
        { name: 'experts.down_proj', shape: [experts, dFF, d] },
        { name: 'experts.down_proj_bias', shape: [experts, d] },
      ];
      return {
        kind: 'moe',
        key: 'mlp',
        d,
        role: 'mlp',
        routerBias: true,
        ...expertsPerToken(config, sizes),
        experts,
        expert: { dFF, gated: true, bias: true },
        routerPath: 'router',
        fusedExperts,
      };
    },
  }),
});
