import { decoderFamily } from './decoder-family.js';
import { separateQkv } from './parts/attention-kinds.js';
import { gatedMlp } from './parts/feed-forward-kinds.js';
import { expertsBlock } from './parts/moe-blocks.js';
import { normPlacements } from './parts/norm-placements.js';

// Defaults below are the transformers config classes' own (configuration_<family>.py), used for
// any field a config.json leaves out; each comment says where a real checkpoint relies on one.

/** Llama 1/2/3: `attention_bias` and `mlp_bias` default off; the head is untied by default. */
export const llama = decoderFamily({
  modelTypes: ['llama'],
  classPrefix: 'Llama',
  defaults: {
    vocab_size: 32000,
    hidden_size: 4096, // llava-1.5-7b's text_config leaves it out
    intermediate_size: 11008, // llava-1.5-7b's text_config leaves it out
    num_hidden_layers: 32, // llava-1.5-7b's text_config leaves it out
    num_attention_heads: 32, // llava-1.5-7b's text_config leaves it out
    num_key_value_heads: null, // none: a key/value head per query head
    head_dim: null, // Llama-2-7b/13b/70b-hf, Meta-Llama-3-8B leave it out: d / n_h
    attention_bias: false, // Llama-2-7b/13b/70b-hf, Meta-Llama-3-8B leave it out
    mlp_bias: false, // Llama-2-7b/13b/70b-hf, Meta-Llama-3-8B leave it out
    tie_word_embeddings: false, // Llama 3.2 1B/3B write true
  },
  attention: separateQkv({ bias: { layout: 'all', when: 'attention_bias' } }),
  feedForward: gatedMlp({ bias: 'mlp_bias' }),
  norms: normPlacements.pre,
});

/** Mistral: Llama without biases; 8 key/value heads and d_ff 14336 by default. */
export const mistral = decoderFamily({
  modelTypes: ['mistral'],
  classPrefix: 'Mistral',
  defaults: {
    vocab_size: 32000,
    hidden_size: 4096, // llava-v1.6-mistral-7b's text_config leaves it out
    intermediate_size: 14336,
    num_hidden_layers: 32, // llava-v1.6-mistral-7b's text_config leaves it out
    num_attention_heads: 32, // llava-v1.6-mistral-7b's text_config leaves it out
    num_key_value_heads: 8,
    head_dim: null, // Mistral-7B-v0.1 leaves it out: d / n_h
    sliding_window: 4096,
    tie_word_embeddings: false, // LLaVA-NeXT's and Mistral Small 3.1's text_configs leave it out
  },
  attention: separateQkv({ bias: { layout: 'none' } }),
  feedForward: gatedMlp(),
  norms: normPlacements.pre,
  sliding: 'all-when-set',
});

/** Mixtral: every layer's feed-forward is a mixture of `num_local_experts` SwiGLU experts and a router. */
export const mixtral = decoderFamily({
  modelTypes: ['mixtral'],
  classPrefix: 'Mixtral',
  defaults: {
    vocab_size: 32000,
    hidden_size: 4096,
    intermediate_size: 14336,
    num_hidden_layers: 32,
    num_attention_heads: 32,
    num_key_value_heads: 8,
    head_dim: null, // Mixtral-8x7B-v0.1 leaves it out: d / n_h
    num_local_experts: 8,
    num_experts_per_tok: 2, // MixtralConfig's default: the active count needs it when a config leaves it out
    tie_word_embeddings: false,
  },
  attention: separateQkv({ bias: { layout: 'none' } }),
  moe: {
    layers: 'all',
    block: expertsBlock({
      key: 'block_sparse_moe',
      experts: 'num_local_experts',
      keys: { gate: 'w1', up: 'w3', down: 'w2' },
    }),
  },
  norms: normPlacements.pre,
  sliding: 'all-when-set',
});
