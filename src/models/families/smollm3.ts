import { decoderFamily } from './decoder-family.js';
import { separateQkv } from './parts/attention-kinds.js';
import { gatedMlp } from './parts/feed-forward-kinds.js';
import { normPlacements } from './parts/norm-placements.js';

/**
 * SmolLM3 (modeling_smollm3.py): Llama's modules, every projection biased as `attention_bias` says
 * (O included), the MLP as `mlp_bias` says. Its NoPE layers (`no_rope_layers`) only skip the
 * rotation: no weights change. Layers slide only when `use_sliding_window` is on.
 */
export const smollm3 = decoderFamily({
  modelTypes: ['smollm3'],
  classPrefix: 'SmolLM3',
  defaults: {
    vocab_size: 128256,
    hidden_size: 2048,
    intermediate_size: 11008,
    num_hidden_layers: 36,
    num_attention_heads: 16,
    num_key_value_heads: 4,
    head_dim: null, // SmolLM3Config has no such field: d / n_h
    attention_bias: false,
    mlp_bias: false,
    use_sliding_window: false, // off: no layer slides, whatever `layer_types` lists
    sliding_window: null,
    tie_word_embeddings: true, // SmolLM3-3B ties its head to the embedding
  },
  attention: separateQkv({ bias: { layout: 'all', when: 'attention_bias' } }),
  feedForward: gatedMlp({ bias: 'mlp_bias' }),
  norms: normPlacements.pre,
});
