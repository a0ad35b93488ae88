import { decoderFamily } from './decoder-family.js';
import { separateQkv } from './parts/attention-kinds.js';
import { gatedMlp } from './parts/feed-forward-kinds.js';
import { normPlacements } from './parts/norm-placements.js';

/**
 * HunYuan dense V1 (modeling_hunyuan_v1_dense.py): Llama's layer with a per-head RMSNorm on queries
 * and keys, named `query_layernorm` and `key_layernorm` (always there, no flag); Q, K, V and O
 * biased by `attention_bias`, the SwiGLU feed-forward never. Its task head is sequence
 * classification only.
 */
export const hunyuanV1Dense = decoderFamily({
  modelTypes: ['hunyuan_v1_dense'],
  classPrefix: 'HunYuanDenseV1',
  taskHeads: ['ForSequenceClassification'],
  defaults: {
    vocab_size: 290943,
    hidden_size: 4096,
    intermediate_size: 11008,
    num_hidden_layers: 32,
    num_attention_heads: 32,
    num_key_value_heads: null, // none: a key/value head per query head
    head_dim: null, // the code's default (its docstring says 128): d / n_h
    attention_bias: false,
    tie_word_embeddings: false,
  },
  attention: separateQkv({
    bias: { layout: 'all', when: 'attention_bias' },
    qkNorm: { over: 'head', keys: { q: 'query_layernorm', k: 'key_layernorm' } },
  }),
  feedForward: gatedMlp(),
  norms: normPlacements.pre,
});
