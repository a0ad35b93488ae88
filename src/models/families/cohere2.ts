import { decoderFamily } from './decoder-family.js';
import { separateQkv } from './parts/attention-kinds.js';
import { gatedMlp } from './parts/feed-forward-kinds.js';
import { normPlacements } from './parts/norm-placements.js';

/**
 * Cohere 2 / Command R7B (modeling_cohere2.py): Cohere's parallel layer (one scale-only LayerNorm,
 * then attention and SwiGLU side by side) without Q/K norms; Q, K, V and O biased by
 * `attention_bias`; `head_dim` always d / n_h (the config overwrites whatever is written). All but
 * every `sliding_window_pattern`-th layer slide, which changes the KV cache, not the weights.
 */
export const cohere2 = decoderFamily({
  modelTypes: ['cohere2'],
  classPrefix: 'Cohere2',
  taskHeads: [],
  headDim: 'width',
  defaults: {
    vocab_size: 256000,
    hidden_size: 8192,
    intermediate_size: 22528,
    num_hidden_layers: 40,
    num_attention_heads: 64,
    num_key_value_heads: null, // none: a key/value head per query head
    attention_bias: false,
    sliding_window: 4096,
    sliding_window_pattern: 4, // read by Cohere2Config when a config lists no layer_types
    tie_word_embeddings: true,
  },
  attention: separateQkv({ bias: { layout: 'all', when: 'attention_bias' } }),
  feedForward: gatedMlp(),
  norms: normPlacements.parallel,
  normKind: 'scale-layernorm',
  sliding: 'pattern',
});
