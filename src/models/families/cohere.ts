import { decoderFamily } from './decoder-family.js';
import { separateQkv } from './parts/attention-kinds.js';
import { gatedMlp } from './parts/feed-forward-kinds.js';
import { normPlacements } from './parts/norm-placements.js';

/**
 * Cohere / Command-R (modeling_cohere.py): attention and SwiGLU feed-forward in parallel after one
 * scale-only LayerNorm (CohereLayerNorm has a weight, no bias), an optional LayerNorm on queries and
 * keys over (n_h, d_h) and (n_kv, d_h) (`use_qk_norm`), a scale-only final norm, and a head tied to
 * the embedding by default. `logit_scale` is a config number, not a parameter.
 */
export const cohere = decoderFamily({
  modelTypes: ['cohere'],
  classPrefix: 'Cohere',
  defaults: {
    vocab_size: 256000,
    hidden_size: 8192,
    intermediate_size: 22528,
    num_hidden_layers: 40,
    num_attention_heads: 64,
    num_key_value_heads: null,
    head_dim: null,
    attention_bias: false,
    use_qk_norm: false, // Command R+ writes true
    tie_word_embeddings: true,
  },
  attention: separateQkv({
    bias: { layout: 'all', when: 'attention_bias' },
    qkNorm: { over: 'full', when: 'use_qk_norm' },
  }),
  feedForward: gatedMlp(),
  norms: normPlacements.parallel,
  normKind: 'scale-layernorm',
});
