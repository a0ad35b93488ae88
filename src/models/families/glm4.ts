import { decoderFamily } from './decoder-family.js';
import { separateQkv } from './parts/attention-kinds.js';
import { fusedGateUp } from './parts/feed-forward-kinds.js';
import { normPlacements } from './parts/norm-placements.js';

/**
 * GLM-4-0414 (modeling_glm4.py): Q, K and V biased as `attention_bias` says, O never; a fused
 * `gate_up_proj`; four RMSNorms a layer; untied head. Partial rotary (half of d_h) adds no weights.
 */
export const glm4 = decoderFamily({
  modelTypes: ['glm4'],
  classPrefix: 'Glm4',
  noQuestionAnswering: true,
  defaults: {
    vocab_size: 151552,
    hidden_size: 4096,
    intermediate_size: 13696,
    num_hidden_layers: 40,
    num_attention_heads: 32,
    num_key_value_heads: 2,
    head_dim: 128, // Glm4Config's own: never derived from hidden_size / num_attention_heads
    attention_bias: true, // GLM-4's biased Q, K and V; O has none whatever the flag
    tie_word_embeddings: false,
  },
  attention: separateQkv({ bias: { layout: 'qkv', when: 'attention_bias' } }),
  feedForward: fusedGateUp(),
  norms: normPlacements.glm4,
});
