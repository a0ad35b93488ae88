import { decoderFamily } from './decoder-family.js';
import { separateQkv } from './parts/attention-kinds.js';
import { plainMlp } from './parts/feed-forward-kinds.js';
import { normPlacements } from './parts/norm-placements.js';

/**
 * StarCoder2: Llama's layout with LayerNorms (with bias), biases everywhere (`use_bias`), and a
 * plain c_fc/c_proj MLP; tied head.
 */
export const starcoder2 = decoderFamily({
  modelTypes: ['starcoder2'],
  classPrefix: 'Starcoder2',
  defaults: {
    vocab_size: 49152,
    hidden_size: 3072,
    intermediate_size: 12288,
    num_hidden_layers: 30,
    num_attention_heads: 24,
    num_key_value_heads: 2,
    head_dim: null,
    use_bias: true,
    tie_word_embeddings: true,
  },
  attention: separateQkv({ bias: { layout: 'all', when: 'use_bias' } }),
  feedForward: plainMlp({ bias: 'use_bias', keys: { up: 'c_fc', down: 'c_proj' } }),
  norms: normPlacements.pre,
  normKind: 'layernorm',
  sliding: 'all-when-set',
});
