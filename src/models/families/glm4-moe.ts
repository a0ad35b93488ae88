import { firstDenseMoeFamily } from './first-dense-moe.js';

/**
 * GLM-4.5 and GLM-4.5-Air (modeling_glm4_moe.py): Llama's layer with Q, K and V biased as
 * `attention_bias` says (O never), per-head Q/K RMSNorms when `use_qk_norm`, and DeepSeek-V3's
 * experts from `first_k_dense_replace` on. Partial rotary adds no weights. The checkpoint's MTP
 * layer (`model.layers.{L}`, which transformers ignores on load) is listed as left out.
 */
export const glm4Moe = firstDenseMoeFamily({
  modelTypes: ['glm4_moe'],
  prefix: 'Glm4Moe',
  attention: {
    bias: { layout: 'qkv', when: 'attention_bias' },
    qkNorm: { over: 'head', when: 'use_qk_norm' },
  },
  cardNote: "(the Hub's rounded size counts them: GLM-4.5-Air's 110B is 106.85B and its MTP layer)",
  // Glm4MoeConfig's defaults (GLM-4.5-Air's shapes), one field a line.
  defaults: {
    vocab_size: 151552,
    hidden_size: 4096,
    intermediate_size: 10944, // the dense layers' SwiGLU width
    num_hidden_layers: 46,
    num_attention_heads: 96,
    num_key_value_heads: 8,
    head_dim: null, // not in Glm4MoeConfig: the attention falls back to hidden_size // heads
    tie_word_embeddings: false,
    attention_bias: false,
    moe_intermediate_size: 1408, // each routed expert's width
    num_experts_per_tok: 8,
    n_shared_experts: 1,
    n_routed_experts: 128,
    first_k_dense_replace: 1, // the first layers keep a dense MLP
    use_qk_norm: false,
    num_nextn_predict_layers: 0, // not a Glm4MoeConfig field: the checkpoint's config.json says
  },
});
