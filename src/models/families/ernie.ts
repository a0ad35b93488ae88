import { decoderFamily } from './decoder-family.js';
import { separateQkv } from './parts/attention-kinds.js';
import { gatedMlp } from './parts/feed-forward-kinds.js';
import { normPlacements } from './parts/norm-placements.js';

/**
 * ERNIE 4.5 dense (modeling_ernie4_5.py): Llama's layer, one `use_bias` for every projection of
 * attention (Q, K, V and O) and of the SwiGLU feed-forward; the LM head never has one. Only
 * `Ernie4_5ForCausalLM` and `Ernie4_5Model` exist.
 */
export const ernie45 = decoderFamily({
  modelTypes: ['ernie4_5'],
  classPrefix: 'Ernie4_5',
  taskHeads: [],
  defaults: {
    vocab_size: 103424,
    hidden_size: 1024,
    intermediate_size: 3072,
    num_hidden_layers: 18,
    num_attention_heads: 16,
    num_key_value_heads: 2,
    head_dim: 128, // Ernie4_5Config's own: not d / n_h unless a config writes null
    use_bias: false, // biases on all of q/k/v/o and gate/up/down when on
    tie_word_embeddings: true, // ERNIE-4.5-0.3B ties its head
  },
  attention: separateQkv({ bias: { layout: 'all', when: 'use_bias' } }),
  feedForward: gatedMlp({ bias: 'use_bias' }),
  norms: normPlacements.pre,
});
