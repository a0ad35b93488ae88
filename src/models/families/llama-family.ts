import type { ConfigFields } from '../config/config-fields.js';
import { expertsPerToken } from './building-blocks.js';
import { biasFromAttentionBias, llamaLikeFamily, noBias, qwenBias } from './llama-like.js';
import { countLayers } from './building-blocks.js';

// Defaults below are the transformers config classes' own (configuration_<family>.py), used for
// any field a config.json leaves out; each comment says where a real checkpoint relies on one.

/** Llama 1/2/3: `attention_bias` and `mlp_bias` default off; the head is untied by default. */
export const llama = llamaLikeFamily({
  modelTypes: ['llama'],
  classPrefix: 'Llama',
  defaults: {
    vocab_size: 32000,
    hidden_size: 4096,
    intermediate_size: 11008,
    num_hidden_layers: 32,
    num_attention_heads: 32,
    num_key_value_heads: null,
    head_dim: null,
    attention_bias: false,
    mlp_bias: false,
    tie_word_embeddings: false,
  },
  attentionBias: biasFromAttentionBias,
  mlpBias: (config) => config.flag('mlp_bias'),
});

/** Mistral: Llama without biases; 8 key/value heads and d_ff 14336 by default. */
export const mistral = llamaLikeFamily({
  modelTypes: ['mistral'],
  sliding: 'all-when-set',
  classPrefix: 'Mistral',
  defaults: {
    vocab_size: 32000,
    hidden_size: 4096,
    intermediate_size: 14336,
    num_hidden_layers: 32,
    num_attention_heads: 32,
    num_key_value_heads: 8,
    head_dim: null,
    sliding_window: 4096,
    tie_word_embeddings: false,
  },
  attentionBias: noBias,
});

/** Qwen2 / Qwen2.5: Q, K and V always have biases (O has none), whatever the config says. */
export const qwen2 = llamaLikeFamily({
  modelTypes: ['qwen2'],
  classPrefix: 'Qwen2',
  defaults: {
    vocab_size: 151936,
    hidden_size: 4096,
    intermediate_size: 22016,
    num_hidden_layers: 32,
    num_attention_heads: 32,
    num_key_value_heads: 32,
    head_dim: null,
    tie_word_embeddings: false,
  },
  attentionBias: qwenBias,
});

/** Qwen3: no Q/K/V biases by default, a per-head RMSNorm on queries and keys, head_dim 128 by default. */
export const qwen3 = llamaLikeFamily({
  modelTypes: ['qwen3'],
  classPrefix: 'Qwen3',
  defaults: {
    vocab_size: 151936,
    hidden_size: 4096,
    intermediate_size: 22016,
    num_hidden_layers: 32,
    num_attention_heads: 32,
    num_key_value_heads: 32,
    head_dim: 128,
    attention_bias: false,
    tie_word_embeddings: false,
  },
  attentionBias: biasFromAttentionBias,
  qkNorm: 'head',
});

/** Gemma: head_dim 256 by default (not hidden/heads), head tied to the embedding by default. */
export const gemma = llamaLikeFamily({
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
    tie_word_embeddings: true,
  },
  attentionBias: biasFromAttentionBias,
});

/** Gemma 2: Gemma plus pre/post feed-forward norms (four RMSNorms a layer). */
export const gemma2 = llamaLikeFamily({
  modelTypes: ['gemma2'],
  sliding: 'alternate',
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
    sliding_window: 4096,
    tie_word_embeddings: true,
  },
  attentionBias: biasFromAttentionBias,
  norms: 'sandwich',
});

/** Mixtral: every layer's feed-forward is a mixture of `num_local_experts` SwiGLU experts and a router. */
export const mixtral = llamaLikeFamily({
  modelTypes: ['mixtral'],
  sliding: 'all-when-set',
  classPrefix: 'Mixtral',
  defaults: {
    vocab_size: 32000,
    hidden_size: 4096,
    intermediate_size: 14336,
    num_hidden_layers: 32,
    num_attention_heads: 32,
    num_key_value_heads: 8,
    head_dim: null,
    num_local_experts: 8,
    num_experts_per_tok: 2, // MixtralConfig's default: the active count needs it when a config leaves it out
    tie_word_embeddings: false,
  },
  attentionBias: noBias,
  moe: (config, sizes, d) => ({
    sparseLayers: config.size('num_hidden_layers'),
    block: () => ({
      kind: 'moe',
      ...expertsPerToken(config, sizes),
      key: 'block_sparse_moe',
      d,
      experts: sizes.bind('E', config.size('num_local_experts')),
      expert: {
        dFF: sizes.bind('d_ff', config.size('intermediate_size')),
        gated: true,
        bias: false,
        keys: { gate: 'w1', up: 'w3', down: 'w2' },
      },
      role: 'mlp',
    }),
  }),
});

/**
 * How many layers of a Qwen MoE model are sparse: those not in `mlp_only_layers` for which
 * `(i + 1) % decoder_sparse_step == 0`; none when there are no experts.
 */
function qwenSparseLayers(config: ConfigFields, experts: bigint): bigint {
  if (experts === 0n) return 0n;
  const step = config.size('decoder_sparse_step');
  const listed = config.value('mlp_only_layers');
  const denseOnly = new Set(
    (Array.isArray(listed) ? listed : [])
      .filter((i): i is number => Number.isSafeInteger(i))
      .map(BigInt),
  );
  return countLayers(config.size('num_hidden_layers'), step, denseOnly);
}

/**
 * Qwen2-MoE / Qwen1.5-MoE: a layer is sparse unless listed in `mlp_only_layers`, when
 * `(i + 1) % decoder_sparse_step == 0`; sparse layers add a gated shared expert.
 */
export const qwen2Moe = llamaLikeFamily({
  modelTypes: ['qwen2_moe'],
  classPrefix: 'Qwen2Moe',
  defaults: {
    vocab_size: 151936,
    hidden_size: 2048,
    intermediate_size: 5632,
    num_hidden_layers: 24,
    num_attention_heads: 16,
    num_key_value_heads: 16,
    head_dim: null,
    decoder_sparse_step: 1,
    moe_intermediate_size: 1408,
    shared_expert_intermediate_size: 5632,
    num_experts: 60,
    num_experts_per_tok: 4, // Qwen2MoeConfig's default: the active count needs it when a config leaves it out
    mlp_only_layers: [],
    tie_word_embeddings: false,
  },
  attentionBias: qwenBias,
  moe: (config, sizes, d) => {
    const experts = config.count('num_experts');
    return {
      sparseLayers: qwenSparseLayers(config, experts),
      block: () => ({
        kind: 'moe',
        ...expertsPerToken(config, sizes),
        key: 'mlp',
        d,
        experts: sizes.bind('E', experts),
        expert: {
          dFF: sizes.bind('d_moe', config.size('moe_intermediate_size')),
          gated: true,
          bias: false,
        },
        shared: {
          key: 'shared_expert',
          dFF: sizes.bind('d_shared', config.size('shared_expert_intermediate_size')),
          gated: true,
          bias: false,
        },
        sharedGate: true,
        role: 'mlp',
      }),
    };
  },
});

/** Gemma 3 (text): Gemma 2's four norms plus per-head RMSNorms on queries and keys; tied head. */
export const gemma3Text = llamaLikeFamily({
  modelTypes: ['gemma3_text'],
  sliding: 'pattern',
  classPrefix: 'Gemma3',
  defaults: {
    vocab_size: 262208,
    hidden_size: 2304,
    intermediate_size: 9216,
    num_hidden_layers: 26,
    num_attention_heads: 8,
    num_key_value_heads: 4,
    head_dim: 256,
    attention_bias: false,
    sliding_window: 4096,
    sliding_window_pattern: 6,
    tie_word_embeddings: true,
  },
  attentionBias: biasFromAttentionBias,
  qkNorm: 'head',
  norms: 'sandwich',
});

/**
 * Qwen3-MoE: Qwen3 attention (per-head Q/K norms); a layer is sparse unless listed in
 * `mlp_only_layers`, when `(i + 1) % decoder_sparse_step == 0`: a router and `num_experts` SwiGLU
 * experts of `moe_intermediate_size`, no shared expert. Its config has no head_dim default.
 */
export const qwen3Moe = llamaLikeFamily({
  modelTypes: ['qwen3_moe'],
  classPrefix: 'Qwen3Moe',
  defaults: {
    vocab_size: 151936,
    hidden_size: 2048,
    intermediate_size: 6144,
    num_hidden_layers: 24,
    num_attention_heads: 32,
    num_key_value_heads: 4,
    head_dim: null,
    attention_bias: false,
    decoder_sparse_step: 1,
    moe_intermediate_size: 768,
    num_experts: 128,
    num_experts_per_tok: 8, // Qwen3MoeConfig's default: the active count needs it when a config leaves it out
    mlp_only_layers: [],
    tie_word_embeddings: false,
  },
  attentionBias: biasFromAttentionBias,
  qkNorm: 'head',
  moe: (config, sizes, d) => {
    const experts = config.count('num_experts');
    return {
      sparseLayers: qwenSparseLayers(config, experts),
      block: () => ({
        kind: 'moe',
        ...expertsPerToken(config, sizes),
        key: 'mlp',
        d,
        experts: sizes.bind('E', experts),
        expert: {
          dFF: sizes.bind('d_moe', config.size('moe_intermediate_size')),
          gated: true,
          bias: false,
        },
        role: 'mlp',
      }),
    };
  },
});

/** StarCoder2: Llama's layout with LayerNorms (with bias), biases everywhere (`use_bias`), and a plain c_fc/c_proj MLP; tied head. */
export const starcoder2 = llamaLikeFamily({
  modelTypes: ['starcoder2'],
  sliding: 'all-when-set',
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
  attentionBias: (config) => {
    const b = config.flag('use_bias');
    return { q: b, k: b, v: b, o: b };
  },
  mlpBias: (config) => config.flag('use_bias'),
  normType: 'layernorm',
  plainMlp: { keys: { up: 'c_fc', down: 'c_proj' } },
});
