import { decoderFamily } from './decoder-family.js';
import { separateQkv } from './parts/attention-kinds.js';
import { gatedMlp } from './parts/feed-forward-kinds.js';
import { normPlacements } from './parts/norm-placements.js';

/**
 * EXAONE 4.0 (modular_exaone4.py): no bias anywhere; per-head RMSNorms on queries and keys (over
 * d_h); OLMo 2's decoder layer, so norms after attention and feed-forward only. Which layers slide
 * (and skip RoPE) changes the cache, never a weight.
 */
export const exaone4 = decoderFamily({
  modelTypes: ['exaone4'],
  classPrefix: 'Exaone4',
  defaults: {
    vocab_size: 102400,
    hidden_size: 4096,
    intermediate_size: 16384,
    num_hidden_layers: 32,
    num_attention_heads: 32,
    num_key_value_heads: 32,
    head_dim: null, // Exaone4Config has no such field: d / n_h unless a config.json writes one
    sliding_window: 4096,
    // Without `layer_types`, every 4th layer (`(i + 1) % 4 == 0`) is global, the others slide.
    sliding_window_pattern: 4,
    tie_word_embeddings: false,
  },
  attention: separateQkv({ bias: { layout: 'none' }, qkNorm: { over: 'head' } }),
  feedForward: gatedMlp(),
  norms: normPlacements.post,
  sliding: 'pattern',
});
