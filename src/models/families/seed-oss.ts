import { decoderFamily } from './decoder-family.js';
import { separateQkv } from './parts/attention-kinds.js';
import { gatedMlp } from './parts/feed-forward-kinds.js';
import { normPlacements } from './parts/norm-placements.js';

/**
 * Seed-OSS (modular_seed_oss.py): Llama's layer; Q, K and V biased as `attention_bias` says (on by
 * default), O by its own `attention_out_bias` (off), the MLP by `mlp_bias`. head_dim 128 by default,
 * so n_h·d_h need not be d (80 heads of 128 over a width of 4096 or 5120).
 */
export const seedOss = decoderFamily({
  modelTypes: ['seed_oss'],
  classPrefix: 'SeedOss',
  defaults: {
    vocab_size: 155136,
    hidden_size: 4096,
    intermediate_size: 27648,
    num_hidden_layers: 64,
    num_attention_heads: 80,
    num_key_value_heads: 8,
    head_dim: 128, // SeedOssConfig's own: d / n_h only when a config writes null
    attention_bias: true, // Q, K and V only
    attention_out_bias: false, // O's bias
    mlp_bias: false,
    tie_word_embeddings: false,
  },
  attention: separateQkv({
    bias: { layout: 'qkv', when: 'attention_bias' },
    outBias: 'attention_out_bias',
  }),
  feedForward: gatedMlp({ bias: 'mlp_bias' }),
  norms: normPlacements.pre,
});
