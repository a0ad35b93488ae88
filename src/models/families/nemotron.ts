import { decoderFamily } from './decoder-family.js';
import { separateQkv } from './parts/attention-kinds.js';
import { plainMlp } from './parts/feed-forward-kinds.js';
import { normPlacements } from './parts/norm-placements.js';

/**
 * Nemotron (modeling_nemotron.py; Nemotron-3, Minitron): Llama's attention with Q, K, V and O
 * biased by `attention_bias`; an ungated squared-ReLU MLP (`up_proj`, `down_proj`, biased by
 * `mlp_bias`); every norm a NemotronLayerNorm1P, an nn.LayerNorm with weight and bias whose weight
 * is stored as w − 1 (the same shapes). `partial_rotary_factor` rotates part of each head and adds
 * no weights. All three task heads exist.
 */
export const nemotron = decoderFamily({
  modelTypes: ['nemotron'],
  classPrefix: 'Nemotron',
  defaults: {
    vocab_size: 256000,
    hidden_size: 6144,
    intermediate_size: 24576,
    num_hidden_layers: 32,
    num_attention_heads: 48,
    head_dim: null, // NemotronConfig's: hidden_size // num_attention_heads, rounded down
    num_key_value_heads: null, // none: a key/value head per query head
    attention_bias: false,
    mlp_bias: false,
    tie_word_embeddings: false,
  },
  headDim: 'floor',
  attention: separateQkv({ bias: { layout: 'all', when: 'attention_bias' } }),
  feedForward: plainMlp({ bias: 'mlp_bias', keys: { up: 'up_proj', down: 'down_proj' } }),
  norms: normPlacements.pre,
  normKind: 'layernorm',
});
