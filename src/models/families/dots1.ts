import { firstDenseMoeFamily } from './first-dense-moe.js';

/**
 * rednote's dots.llm1 (modeling_dots1.py): Qwen3's attention (Q, K, V and O all biased as
 * `attention_bias` says, per-head Q/K RMSNorms always) with DeepSeek-V3's MoE layers from
 * `first_k_dense_replace` on. Sliding attention changes the KV cache, not the parameters.
 */
export const dots1 = firstDenseMoeFamily({
  modelTypes: ['dots1'],
  prefix: 'Dots1',
  attention: { bias: { layout: 'all', when: 'attention_bias' }, qkNorm: { over: 'head' } },
  cardNote: '(dots.llm1 ships none)',
  aliases: { n_routed_experts: ['num_local_experts'] }, // Dots1Config's attribute_map
  // Dots1Config's defaults, one field a line.
  defaults: {
    vocab_size: 152064,
    hidden_size: 4608,
    intermediate_size: 10944, // the dense layers' SwiGLU width
    moe_intermediate_size: 1408, // each routed expert's width
    num_hidden_layers: 62,
    num_attention_heads: 32,
    num_key_value_heads: 32,
    head_dim: null, // not in Dots1Config: the attention falls back to hidden_size // heads
    // Dots1Config leaves the next three None, from which PyTorch builds no MoE layer: these are
    // the model card's ("top-6 out of 128 routed experts, plus 2 shared experts").
    n_shared_experts: 2,
    n_routed_experts: 128,
    num_experts_per_tok: 6,
    first_k_dense_replace: 0,
    tie_word_embeddings: false,
    attention_bias: false,
    num_nextn_predict_layers: 0, // not a Dots1Config field: no MTP layer
  },
});
