import { decoderFamily } from './decoder-family.js';
import { separateQkv } from './parts/attention-kinds.js';
import { gatedMlp } from './parts/feed-forward-kinds.js';
import { expertsBlock } from './parts/moe-blocks.js';
import { normPlacements } from './parts/norm-placements.js';

// OLMo 2 and OLMoE (modeling_olmo2.py, modeling_olmoe.py). Both normalize queries and keys over the
// whole projection (q_norm over n_h·d_h, k_norm over n_kv·d_h), not per head.

const olmoAttention = separateQkv({
  bias: { layout: 'all', when: 'attention_bias' },
  qkNorm: { over: 'full' },
});

/**
 * OLMo 2: Llama's modules, but norms after attention and feed-forward only
 * (post_attention_layernorm, post_feedforward_layernorm; no input_layernorm). Olmo2Config keeps
 * OlmoConfig's defaults: untied head, no biases.
 */
export const olmo2 = decoderFamily({
  modelTypes: ['olmo2'],
  classPrefix: 'Olmo2',
  defaults: {
    vocab_size: 50304,
    hidden_size: 4096,
    intermediate_size: 11008,
    num_hidden_layers: 32,
    num_attention_heads: 32,
    num_key_value_heads: null, // none: a key/value head per query head
    head_dim: null, // OLMo-2-1124-7B leaves it out: d / n_h
    attention_bias: false,
    tie_word_embeddings: false,
  },
  attention: olmoAttention,
  feedForward: gatedMlp(),
  norms: normPlacements.post,
});

/**
 * OLMoE: pre-norm layers whose feed-forward is a router (`gate`, no bias) and `num_experts` SwiGLU
 * experts of `intermediate_size` (stored fused as gate_up_proj/down_proj in newer transformers: the
 * same count).
 */
export const olmoe = decoderFamily({
  modelTypes: ['olmoe'],
  classPrefix: 'Olmoe',
  defaults: {
    vocab_size: 50304,
    hidden_size: 2048,
    intermediate_size: 2048,
    num_hidden_layers: 16,
    num_attention_heads: 16,
    num_key_value_heads: null, // none: a key/value head per query head
    head_dim: null, // OLMoE-1B-7B-0924 leaves it out: d / n_h
    attention_bias: false,
    num_experts: 64,
    num_experts_per_tok: 8, // OlmoeConfig's default: the active count needs it when a config leaves it out
    tie_word_embeddings: false,
  },
  aliases: { num_experts: ['num_local_experts'] },
  attention: olmoAttention,
  moe: { layers: 'all', block: expertsBlock({ key: 'mlp', experts: 'num_experts' }) },
  norms: normPlacements.pre,
});

/**
 * OLMo 3 (modular_olmo3.py): OLMo 2's layer exactly (whole-projection Q/K norms, post-norms only,
 * every projection biased as `attention_bias` says, an unbiased MLP); three layers in four slide
 * over `sliding_window` tokens, which changes the cache and no weight. Only `Olmo3ForCausalLM` and
 * `Olmo3Model` exist. Olmo3Config is Olmo2Config with `sliding_window` and `layer_types` added.
 */
export const olmo3 = decoderFamily({
  modelTypes: ['olmo3'],
  classPrefix: 'Olmo3',
  taskHeads: [], // modeling_olmo3.py defines no task head
  defaults: {
    vocab_size: 50304,
    hidden_size: 4096,
    intermediate_size: 11008,
    num_hidden_layers: 32,
    num_attention_heads: 32,
    num_key_value_heads: null, // none: a key/value head per query head
    head_dim: null, // Olmo3Config has no such field: d / n_h
    attention_bias: false,
    sliding_window: 4096,
    tie_word_embeddings: false,
  },
  attention: olmoAttention,
  feedForward: gatedMlp(),
  norms: normPlacements.post,
  // Without `layer_types`: `(i + 1) % 4 != 0` slides.
  sliding: { globalEvery: 4n },
});
