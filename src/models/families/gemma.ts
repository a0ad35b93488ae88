import { decoderFamily } from './decoder-family.js';
import { separateQkv } from './parts/attention-kinds.js';
import { gatedMlp } from './parts/feed-forward-kinds.js';
import { normPlacements } from './parts/norm-placements.js';

const gemmaAttention = separateQkv({ bias: { layout: 'all', when: 'attention_bias' } });

/** Gemma: head_dim 256 by default (not hidden/heads), head tied to the embedding by default. */
export const gemma = decoderFamily({
  modelTypes: ['gemma'],
  classPrefix: 'Gemma',
  defaults: {
    vocab_size: 256000,
    hidden_size: 3072,
    intermediate_size: 24576,
    num_hidden_layers: 28,
    num_attention_heads: 16,
    num_key_value_heads: 16,
    head_dim: 256,
    attention_bias: false,
    tie_word_embeddings: true, // gemma-2b, gemma-7b leave it out
  },
  attention: gemmaAttention,
  feedForward: gatedMlp(),
  norms: normPlacements.pre,
});

/** Gemma 2: Gemma plus pre/post feed-forward norms (four RMSNorms a layer). */
export const gemma2 = decoderFamily({
  modelTypes: ['gemma2'],
  classPrefix: 'Gemma2',
  defaults: {
    vocab_size: 256000,
    hidden_size: 2304,
    intermediate_size: 9216,
    num_hidden_layers: 26,
    num_attention_heads: 8,
    num_key_value_heads: 4,
    head_dim: 256,
    attention_bias: false,
    sliding_window: 4096, // gemma-2-2b leaves it out
    tie_word_embeddings: true, // gemma-2-2b leaves it out
  },
  attention: gemmaAttention,
  feedForward: gatedMlp(),
  norms: normPlacements.sandwich,
  sliding: 'alternate',
});

/** Gemma 3 (text): Gemma 2's four norms plus per-head RMSNorms on queries and keys; tied head. */
export const gemma3Text = decoderFamily({
  modelTypes: ['gemma3_text'],
  classPrefix: 'Gemma3',
  defaults: {
    vocab_size: 262208, // gemma-3-4b-it's text_config leaves it out
    hidden_size: 2304,
    intermediate_size: 9216,
    num_hidden_layers: 26,
    num_attention_heads: 8, // gemma-3-4b-it's text_config leaves it out
    num_key_value_heads: 4, // gemma-3-4b-it's text_config leaves it out
    head_dim: 256, // gemma-3-4b-it's text_config leaves it out
    attention_bias: false, // gemma-3-1b-pt leaves it out
    sliding_window: 4096,
    sliding_window_pattern: 6, // every 6th layer global (the KV cache reads it)
    tie_word_embeddings: true, // gemma-3-1b-pt leaves it out
  },
  attention: separateQkv({
    bias: { layout: 'all', when: 'attention_bias' },
    qkNorm: { over: 'head' },
  }),
  feedForward: gatedMlp(),
  norms: normPlacements.sandwich,
  sliding: 'pattern',
});
