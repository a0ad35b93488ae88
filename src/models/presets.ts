import type { RawConfig } from './config/config-fields.js';

/** A well-known public checkpoint shipped as its config.json fields. */
export interface Preset {
  readonly name: string;
  /** The HuggingFace repository the config is copied from. */
  readonly repository: string;
  readonly config: RawConfig;
}

// The architecture fields of each repository's config.json (fields that hold no parameters, such as
// dropout or token ids, are left out). Fields a real config.json omits are omitted here too, so the
// family's config-class defaults apply exactly as they do in transformers.
const bert = (hidden: number, layers: number, heads: number) => ({
  architectures: ['BertForMaskedLM'], model_type: 'bert', hidden_size: hidden, intermediate_size: 4 * hidden, num_hidden_layers: layers,
  num_attention_heads: heads, max_position_embeddings: 512, type_vocab_size: 2, vocab_size: 30522,
});
const gpt2 = (embd: number, layers: number, heads: number) => ({
  architectures: ['GPT2LMHeadModel'], model_type: 'gpt2', n_ctx: 1024, n_embd: embd, n_head: heads, n_layer: layers, n_positions: 1024, vocab_size: 50257,
});

/** The built-in presets, in the order `tparams list` shows them. */
export const presets: readonly Preset[] = [
  { name: 'bert-base-uncased', repository: 'google-bert/bert-base-uncased', config: bert(768, 12, 12) },
  { name: 'bert-large-uncased', repository: 'google-bert/bert-large-uncased', config: bert(1024, 24, 16) },
  {
    name: 'roberta-base',
    repository: 'FacebookAI/roberta-base',
    config: { architectures: ['RobertaForMaskedLM'], model_type: 'roberta', hidden_size: 768, intermediate_size: 3072, num_hidden_layers: 12, num_attention_heads: 12, max_position_embeddings: 514, type_vocab_size: 1, vocab_size: 50265 },
  },
  {
    name: 'distilbert-base-uncased',
    repository: 'distilbert/distilbert-base-uncased',
    config: { architectures: ['DistilBertForMaskedLM'], model_type: 'distilbert', dim: 768, hidden_dim: 3072, max_position_embeddings: 512, n_heads: 12, n_layers: 6, vocab_size: 30522 },
  },
  {
    name: 'xlm-roberta-base',
    repository: 'FacebookAI/xlm-roberta-base',
    config: { architectures: ['XLMRobertaForMaskedLM'], model_type: 'xlm-roberta', hidden_size: 768, intermediate_size: 3072, num_hidden_layers: 12, num_attention_heads: 12, max_position_embeddings: 514, type_vocab_size: 1, vocab_size: 250002 },
  },
  { name: 'gpt2', repository: 'openai-community/gpt2', config: gpt2(768, 12, 12) },
  { name: 'gpt2-medium', repository: 'openai-community/gpt2-medium', config: gpt2(1024, 24, 16) },
  { name: 'gpt2-large', repository: 'openai-community/gpt2-large', config: gpt2(1280, 36, 20) },
  { name: 'gpt2-xl', repository: 'openai-community/gpt2-xl', config: gpt2(1600, 48, 25) },
  {
    name: 'pythia-160m',
    repository: 'EleutherAI/pythia-160m',
    config: { architectures: ['GPTNeoXForCausalLM'], model_type: 'gpt_neox', hidden_size: 768, intermediate_size: 3072, num_attention_heads: 12, num_hidden_layers: 12, max_position_embeddings: 2048, rotary_pct: 0.25, tie_word_embeddings: false, use_parallel_residual: true, vocab_size: 50304 },
  },
  {
    name: 'pythia-1.4b',
    repository: 'EleutherAI/pythia-1.4b',
    config: { architectures: ['GPTNeoXForCausalLM'], model_type: 'gpt_neox', hidden_size: 2048, intermediate_size: 8192, num_attention_heads: 16, num_hidden_layers: 24, max_position_embeddings: 2048, rotary_pct: 0.25, tie_word_embeddings: false, use_parallel_residual: true, vocab_size: 50304 },
  },
  {
    name: 'opt-125m',
    repository: 'facebook/opt-125m',
    config: { architectures: ['OPTForCausalLM'], model_type: 'opt', do_layer_norm_before: true, ffn_dim: 3072, hidden_size: 768, max_position_embeddings: 2048, num_attention_heads: 12, num_hidden_layers: 12, vocab_size: 50272, word_embed_proj_dim: 768 },
  },
  {
    name: 'opt-350m',
    repository: 'facebook/opt-350m',
    config: { architectures: ['OPTForCausalLM'], model_type: 'opt', do_layer_norm_before: false, ffn_dim: 4096, hidden_size: 1024, max_position_embeddings: 2048, num_attention_heads: 16, num_hidden_layers: 24, vocab_size: 50272, word_embed_proj_dim: 512 },
  },
  {
    name: 't5-small',
    repository: 'google-t5/t5-small',
    config: { architectures: ['T5ForConditionalGeneration'], model_type: 't5', d_ff: 2048, d_kv: 64, d_model: 512, num_heads: 8, num_layers: 6, relative_attention_num_buckets: 32, vocab_size: 32128 },
  },
  {
    name: 't5-base',
    repository: 'google-t5/t5-base',
    config: { architectures: ['T5ForConditionalGeneration'], model_type: 't5', d_ff: 3072, d_kv: 64, d_model: 768, num_heads: 12, num_layers: 12, relative_attention_num_buckets: 32, vocab_size: 32128 },
  },
  {
    name: 'flan-t5-small',
    repository: 'google/flan-t5-small',
    config: { architectures: ['T5ForConditionalGeneration'], model_type: 't5', d_ff: 1024, d_kv: 64, d_model: 512, feed_forward_proj: 'gated-gelu', num_decoder_layers: 8, num_heads: 6, num_layers: 8, relative_attention_num_buckets: 32, tie_word_embeddings: false, vocab_size: 32128 },
  },
  {
    name: 'llama-2-7b',
    repository: 'meta-llama/Llama-2-7b-hf',
    config: { architectures: ['LlamaForCausalLM'], model_type: 'llama', hidden_size: 4096, intermediate_size: 11008, max_position_embeddings: 4096, num_attention_heads: 32, num_hidden_layers: 32, num_key_value_heads: 32, tie_word_embeddings: false, vocab_size: 32000 },
  },
  {
    name: 'llama-2-13b',
    repository: 'meta-llama/Llama-2-13b-hf',
    config: { architectures: ['LlamaForCausalLM'], model_type: 'llama', hidden_size: 5120, intermediate_size: 13824, max_position_embeddings: 4096, num_attention_heads: 40, num_hidden_layers: 40, num_key_value_heads: 40, tie_word_embeddings: false, vocab_size: 32000 },
  },
  {
    name: 'llama-2-70b',
    repository: 'meta-llama/Llama-2-70b-hf',
    config: { architectures: ['LlamaForCausalLM'], model_type: 'llama', hidden_size: 8192, intermediate_size: 28672, max_position_embeddings: 4096, num_attention_heads: 64, num_hidden_layers: 80, num_key_value_heads: 8, tie_word_embeddings: false, vocab_size: 32000 },
  },
  {
    name: 'meta-llama-3-8b',
    repository: 'meta-llama/Meta-Llama-3-8B',
    config: { architectures: ['LlamaForCausalLM'], model_type: 'llama', hidden_size: 4096, intermediate_size: 14336, max_position_embeddings: 8192, num_attention_heads: 32, num_hidden_layers: 32, num_key_value_heads: 8, rope_theta: 500000.0, tie_word_embeddings: false, vocab_size: 128256 },
  },
  {
    name: 'mistral-7b',
    repository: 'mistralai/Mistral-7B-v0.1',
    config: { architectures: ['MistralForCausalLM'], model_type: 'mistral', hidden_size: 4096, intermediate_size: 14336, max_position_embeddings: 32768, num_attention_heads: 32, num_hidden_layers: 32, num_key_value_heads: 8, sliding_window: 4096, tie_word_embeddings: false, vocab_size: 32000 },
  },
  {
    name: 'mixtral-8x7b',
    repository: 'mistralai/Mixtral-8x7B-v0.1',
    config: { architectures: ['MixtralForCausalLM'], model_type: 'mixtral', hidden_size: 4096, intermediate_size: 14336, max_position_embeddings: 32768, num_attention_heads: 32, num_experts_per_tok: 2, num_hidden_layers: 32, num_key_value_heads: 8, num_local_experts: 8, tie_word_embeddings: false, vocab_size: 32000 },
  },
  {
    name: 'qwen2.5-0.5b',
    repository: 'Qwen/Qwen2.5-0.5B',
    config: { architectures: ['Qwen2ForCausalLM'], model_type: 'qwen2', hidden_size: 896, intermediate_size: 4864, max_position_embeddings: 32768, num_attention_heads: 14, num_hidden_layers: 24, num_key_value_heads: 2, tie_word_embeddings: true, vocab_size: 151936 },
  },
  {
    name: 'qwen2.5-7b',
    repository: 'Qwen/Qwen2.5-7B',
    config: { architectures: ['Qwen2ForCausalLM'], model_type: 'qwen2', hidden_size: 3584, intermediate_size: 18944, max_position_embeddings: 131072, num_attention_heads: 28, num_hidden_layers: 28, num_key_value_heads: 4, tie_word_embeddings: false, vocab_size: 152064 },
  },
  {
    name: 'qwen3-8b',
    repository: 'Qwen/Qwen3-8B',
    config: { architectures: ['Qwen3ForCausalLM'], model_type: 'qwen3', attention_bias: false, head_dim: 128, hidden_size: 4096, intermediate_size: 12288, max_position_embeddings: 40960, num_attention_heads: 32, num_hidden_layers: 36, num_key_value_heads: 8, tie_word_embeddings: false, vocab_size: 151936 },
  },
  {
    name: 'gemma-2b',
    repository: 'google/gemma-2b',
    config: { architectures: ['GemmaForCausalLM'], model_type: 'gemma', attention_bias: false, head_dim: 256, hidden_size: 2048, intermediate_size: 16384, max_position_embeddings: 8192, num_attention_heads: 8, num_hidden_layers: 18, num_key_value_heads: 1, vocab_size: 256000 },
  },
  {
    name: 'gemma-7b',
    repository: 'google/gemma-7b',
    config: { architectures: ['GemmaForCausalLM'], model_type: 'gemma', attention_bias: false, head_dim: 256, hidden_size: 3072, intermediate_size: 24576, max_position_embeddings: 8192, num_attention_heads: 16, num_hidden_layers: 28, num_key_value_heads: 16, vocab_size: 256000 },
  },
  {
    name: 'gemma-2-2b',
    repository: 'google/gemma-2-2b',
    config: { architectures: ['Gemma2ForCausalLM'], model_type: 'gemma2', attention_bias: false, head_dim: 256, hidden_size: 2304, intermediate_size: 9216, max_position_embeddings: 8192, num_attention_heads: 8, num_hidden_layers: 26, num_key_value_heads: 4, vocab_size: 256000 },
  },
  {
    name: 'phi-2',
    repository: 'microsoft/phi-2',
    config: { architectures: ['PhiForCausalLM'], model_type: 'phi', hidden_size: 2560, intermediate_size: 10240, max_position_embeddings: 2048, num_attention_heads: 32, num_hidden_layers: 32, partial_rotary_factor: 0.4, qk_layernorm: false, tie_word_embeddings: false, vocab_size: 51200 },
  },
  {
    name: 'phi-3-mini-4k',
    repository: 'microsoft/Phi-3-mini-4k-instruct',
    config: { architectures: ['Phi3ForCausalLM'], model_type: 'phi3', hidden_size: 3072, intermediate_size: 8192, max_position_embeddings: 4096, num_attention_heads: 32, num_hidden_layers: 32, num_key_value_heads: 32, tie_word_embeddings: false, vocab_size: 32064 },
  },
  {
    name: 'gemma-3-1b',
    repository: 'google/gemma-3-1b-pt',
    config: { architectures: ['Gemma3ForCausalLM'], model_type: 'gemma3_text', head_dim: 256, hidden_size: 1152, intermediate_size: 6912, max_position_embeddings: 32768, num_attention_heads: 4, num_hidden_layers: 26, num_key_value_heads: 1, vocab_size: 262144 },
  },
  {
    name: 'gpt-j-6b',
    repository: 'EleutherAI/gpt-j-6b',
    config: { architectures: ['GPTJForCausalLM'], model_type: 'gptj', n_embd: 4096, n_head: 16, n_layer: 28, n_positions: 2048, rotary_dim: 64, tie_word_embeddings: false, vocab_size: 50400 },
  },
  {
    name: 'gpt-neo-125m',
    repository: 'EleutherAI/gpt-neo-125m',
    config: { architectures: ['GPTNeoForCausalLM'], model_type: 'gpt_neo', hidden_size: 768, max_position_embeddings: 2048, num_heads: 12, num_layers: 12, vocab_size: 50257 },
  },
  {
    name: 'bloom-560m',
    repository: 'bigscience/bloom-560m',
    config: { architectures: ['BloomForCausalLM'], model_type: 'bloom', n_embed: 1024, n_head: 16, n_layer: 24, vocab_size: 250880 },
  },
  {
    name: 'falcon-7b',
    repository: 'tiiuae/falcon-7b',
    config: { architectures: ['FalconForCausalLM'], model_type: 'falcon', alibi: false, bias: false, hidden_size: 4544, multi_query: true, new_decoder_architecture: false, num_attention_heads: 71, num_hidden_layers: 32, parallel_attn: true, vocab_size: 65024 },
  },
  {
    name: 'deepseek-v2-lite',
    repository: 'deepseek-ai/DeepSeek-V2-Lite',
    config: {
      architectures: ['DeepseekV2ForCausalLM'], model_type: 'deepseek_v2', hidden_size: 2048, intermediate_size: 10944, num_hidden_layers: 27, num_attention_heads: 16, num_key_value_heads: 16, vocab_size: 102400,
      max_position_embeddings: 163840, tie_word_embeddings: false, q_lora_rank: null, kv_lora_rank: 512, qk_nope_head_dim: 128, qk_rope_head_dim: 64, v_head_dim: 128,
      n_routed_experts: 64, num_experts_per_tok: 6, n_shared_experts: 2, moe_intermediate_size: 1408, moe_layer_freq: 1, first_k_dense_replace: 1,
    },
  },
  {
    name: 'deepseek-v3',
    repository: 'deepseek-ai/DeepSeek-V3',
    config: {
      architectures: ['DeepseekV3ForCausalLM'], model_type: 'deepseek_v3', hidden_size: 7168, intermediate_size: 18432, moe_intermediate_size: 2048, num_hidden_layers: 61, num_attention_heads: 128, num_key_value_heads: 128,
      n_shared_experts: 1, n_routed_experts: 256, kv_lora_rank: 512, q_lora_rank: 1536, qk_rope_head_dim: 64, v_head_dim: 128, qk_nope_head_dim: 128, num_experts_per_tok: 8,
      first_k_dense_replace: 3, moe_layer_freq: 1, max_position_embeddings: 163840, tie_word_embeddings: false, vocab_size: 129280,
    },
  },
];

/** The preset derived when `tparams derive` is given no target. */
export const defaultPresetName = 'llama-2-7b';

/** Finds a preset by name (case-insensitive; the repository id works too). */
export function findPreset(name: string): Preset | undefined {
  const wanted = name.toLowerCase();
  return presets.find((p) => p.name === wanted || p.repository.toLowerCase() === wanted);
}
