import type { RawConfig } from '../models/config/config-fields.js';
import type { TensorInfo } from './safetensors-header.js';

/**
 * llama.cpp's tensor names for the Llama-shaped architectures, as transformers names them
 * (llama.cpp's `convert_hf_to_gguf.py` mapping, read backwards). `{i}` is the layer.
 */
export const llamaNames: ReadonlyArray<[RegExp, string]> = [
  [/^token_embd\.weight$/, 'model.embed_tokens.weight'],
  [/^output_norm\.weight$/, 'model.norm.weight'],
  [/^output\.weight$/, 'lm_head.weight'],
  [/^blk\.(\d+)\.attn_q\.(weight|bias)$/, 'model.layers.$1.self_attn.q_proj.$2'],
  [/^blk\.(\d+)\.attn_k\.(weight|bias)$/, 'model.layers.$1.self_attn.k_proj.$2'],
  [/^blk\.(\d+)\.attn_v\.(weight|bias)$/, 'model.layers.$1.self_attn.v_proj.$2'],
  [/^blk\.(\d+)\.attn_output\.(weight|bias)$/, 'model.layers.$1.self_attn.o_proj.$2'],
  [/^blk\.(\d+)\.attn_q_norm\.weight$/, 'model.layers.$1.self_attn.q_norm.weight'],
  [/^blk\.(\d+)\.attn_k_norm\.weight$/, 'model.layers.$1.self_attn.k_norm.weight'],
  [/^blk\.(\d+)\.attn_norm\.weight$/, 'model.layers.$1.input_layernorm.weight'],
  [/^blk\.(\d+)\.ffn_norm\.weight$/, 'model.layers.$1.post_attention_layernorm.weight'],
  [/^blk\.(\d+)\.ffn_gate\.weight$/, 'model.layers.$1.mlp.gate_proj.weight'],
  [/^blk\.(\d+)\.ffn_up\.weight$/, 'model.layers.$1.mlp.up_proj.weight'],
  [/^blk\.(\d+)\.ffn_down\.weight$/, 'model.layers.$1.mlp.down_proj.weight'],
];

/** A GGUF architecture whose config is rebuilt: the model_type it is and its class. */
export interface RebuiltArchitecture {
  readonly modelType: string;
  readonly architecture: string;
}

/** GGUF architectures rebuilt here: their config fields under `<arch>.…`, and the model_type they are. */
const architectures: Record<string, RebuiltArchitecture> = {
  llama: { modelType: 'llama', architecture: 'LlamaForCausalLM' },
  qwen2: { modelType: 'qwen2', architecture: 'Qwen2ForCausalLM' },
  qwen3: { modelType: 'qwen3', architecture: 'Qwen3ForCausalLM' },
};

/** The architecture's rebuild, for llama, qwen2 and qwen3; undefined for any other. */
export const rebuiltArchitecture = (arch: string): RebuiltArchitecture | undefined =>
  Object.hasOwn(architectures, arch) ? architectures[arch] : undefined;

/**
 * The config.json a Llama-shaped GGUF file's metadata describes (`<arch>.block_count`,
 * `.embedding_length`, `.feed_forward_length`, `.attention.head_count(_kv)`, the vocabulary), or
 * undefined when a field is missing. `tensors` are already under transformers' names.
 */
export function rebuiltConfig(
  arch: string,
  known: RebuiltArchitecture,
  metadata: Record<string, unknown>,
  tensors: ReadonlyMap<string, TensorInfo>,
): RawConfig | undefined {
  const field = (name: string) => {
    const value = metadata[`${arch}.${name}`];
    return typeof value === 'number'
      ? value
      : typeof value === 'bigint'
        ? Number(value)
        : undefined;
  };
  const tokens = metadata['tokenizer.ggml.tokens'];
  const vocab =
    field('vocab_size') ??
    (Array.isArray(tokens)
      ? tokens.length
      : Number(tensors.get('model.embed_tokens.weight')?.shape[0] ?? NaN));
  const heads = field('attention.head_count');
  const width = field('embedding_length');
  const keyLength = field('attention.key_length');
  const config = {
    architectures: [known.architecture],
    model_type: known.modelType,
    hidden_size: width,
    intermediate_size: field('feed_forward_length'),
    num_hidden_layers: field('block_count'),
    num_attention_heads: heads,
    num_key_value_heads: field('attention.head_count_kv') ?? heads,
    ...(keyLength !== undefined &&
    heads !== undefined &&
    width !== undefined &&
    keyLength * heads !== width
      ? { head_dim: keyLength }
      : {}),
    ...(keyLength !== undefined && known.modelType === 'qwen3' ? { head_dim: keyLength } : {}),
    vocab_size: vocab,
    tie_word_embeddings: !tensors.has('lm_head.weight'),
  };
  return Object.values(config).some(
    (v) => v === undefined || (typeof v === 'number' && Number.isNaN(v)),
  )
    ? undefined
    : config;
}
