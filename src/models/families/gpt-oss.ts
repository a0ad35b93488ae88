import { decoderFamily } from './decoder-family.js';
import { separateQkv } from './parts/attention-kinds.js';
import { expertsBlock } from './parts/moe-blocks.js';
import { normPlacements } from './parts/norm-placements.js';

/**
 * gpt-oss (modeling_gpt_oss.py): grouped-query attention with biases (`attention_bias`, on by
 * default) and a learned sink logit per query head (`sinks`); every layer is a mixture of experts: a
 * router with a bias and `num_local_experts` SwiGLU experts stored fused (gate_up_proj E × d × 2·d_ff
 * with its bias, down_proj E × d_ff × d with its bias). Sliding and full attention layers have the
 * same weights. Untied head.
 */
export const gptOss = decoderFamily({
  modelTypes: ['gpt_oss'],
  classPrefix: 'GptOss',
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
  attention: separateQkv({ bias: { layout: 'all', when: 'attention_bias' }, sinks: true }),
  moe: {
    layers: 'all',
    block: expertsBlock({
      key: 'mlp',
      experts: 'num_local_experts',
      expertBias: true,
      router: { bias: true, path: 'router' },
      fused: 'gpt-oss',
    }),
  },
  norms: normPlacements.pre,
  sliding: 'alternate',
});
