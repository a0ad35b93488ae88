import { closeSync } from 'node:fs';
import { UserError } from '../errors/user-error.js';
import type { RawConfig } from '../models/config/config-fields.js';
import { GGUF_READER_LIMIT, leastHeaderBytes } from './gguf-bounds.js';
import { ggufSizes } from './gguf-sizes.js';
import { ggufTensorBytes } from './gguf-types.js';
import { openRegularFile } from '../files/regular-file.js';
import type { TensorInfo } from './safetensors.js';

/**
 * llama.cpp's tensor names for the Llama-shaped architectures, as transformers names them
 * (llama.cpp's `convert_hf_to_gguf.py` mapping, read backwards). `{i}` is the layer.
 */
const llamaNames: ReadonlyArray<[RegExp, string]> = [
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

/** GGUF architectures read here: their config fields under `<arch>.…`, and the model_type they are. */
const architectures: Record<string, { modelType: string; architecture: string }> = {
  llama: { modelType: 'llama', architecture: 'LlamaForCausalLM' },
  qwen2: { modelType: 'qwen2', architecture: 'Qwen2ForCausalLM' },
  qwen3: { modelType: 'qwen3', architecture: 'Qwen3ForCausalLM' },
};

export interface GgufCheckpoint {
  readonly tensors: Map<string, TensorInfo>;
  /** The config the metadata describes, for the architectures read here. */
  readonly config?: RawConfig;
  /** The metadata's sizes under config.json's names, for any architecture (what names a header derivation's dimensions). */
  readonly sizes: RawConfig;
  /** Whether every tensor name was mapped to its transformers name. */
  readonly namesMapped: boolean;
  readonly architecture: string;
}

/**
 * A GGUF file (llama.cpp) by its metadata and tensor infos, read with @huggingface/gguf (never the
 * weights): shapes turned from ggml's innermost-first order into PyTorch's, names mapped to
 * transformers' for Llama-shaped architectures, and the config rebuilt from `<arch>.block_count`,
 * `.embedding_length`, `.feed_forward_length`, `.attention.head_count(_kv)` and the vocabulary.
 */
export async function readGguf(path: string): Promise<GgufCheckpoint> {
  const { gguf, GGMLQuantizationType } = await import('@huggingface/gguf');
  // A FIFO or a device would block the library's read: refused before it opens the file.
  const { fd, size } = openRegularFile(path, 'checkpoint');
  let least: bigint | undefined;
  try {
    least = leastHeaderBytes(fd);
  } finally {
    closeSync(fd);
  }
  const truncated = (needed: string) =>
    new UserError(
      `${path} is a truncated GGUF file: its header needs ${needed}, the file has ${size} bytes`,
      { field: 'checkpoint', received: path },
    );
  const notGguf = (why: string) =>
    new UserError(`${path} is not a GGUF file: ${why}`, { field: 'checkpoint', received: path });
  // Counts within the library's bounds but beyond the file's size would have it read zeros past the end.
  if (least !== undefined && least > BigInt(size))
    throw truncated(`at least ${least} bytes for its counts`);
  let parsed: Awaited<ReturnType<typeof gguf>>;
  try {
    parsed = await gguf(path, { allowLocalFile: true });
  } catch (error) {
    // The library reads past its buffer as a RangeError: past the file's end, or past its own 50 MB.
    if (error instanceof RangeError)
      throw size < GGUF_READER_LIMIT
        ? truncated('more')
        : notGguf(
            `its header is larger than the ${GGUF_READER_LIMIT} bytes @huggingface/gguf reads`,
          );
    throw notGguf((error as Error).message);
  }
  // The library reads zeros past the end of the file without an error (a cut-off string ends early): where its header ends tells.
  const headerEnd = parsed.tensorInfoByteRange[1];
  if (headerEnd > size) throw truncated(`${headerEnd} bytes`);
  const metadata = parsed.metadata as Record<string, unknown>;
  const arch = String(metadata['general.architecture'] ?? '');
  const known = Object.hasOwn(architectures, arch) ? architectures[arch] : undefined;
  const tensors = new Map<string, TensorInfo>();
  let namesMapped = known !== undefined;
  for (const info of parsed.tensorInfos) {
    const dtype = GGMLQuantizationType[info.dtype] ?? String(info.dtype);
    const shape = [...info.shape].reverse();
    const rule = known ? llamaNames.find(([pattern]) => pattern.test(info.name)) : undefined;
    // rope_freqs (a buffer llama.cpp stores) keeps its name; verify sets it apart.
    if (known && !rule && info.name !== 'rope_freqs.weight') namesMapped = false;
    const bytes = ggufTensorBytes(dtype, shape);
    tensors.set(rule ? info.name.replace(rule[0], rule[1]) : info.name, {
      dtype,
      shape,
      ...(bytes !== undefined ? { bytes } : {}),
    });
  }
  const config = known ? configOf(arch, known, metadata, tensors) : undefined;
  const tokens = metadata['tokenizer.ggml.tokens'];
  const sizes = ggufSizes(arch, metadata, Array.isArray(tokens) ? tokens.length : undefined);
  return { tensors, namesMapped, architecture: arch, sizes, ...(config ? { config } : {}) };
}

function configOf(
  arch: string,
  known: { modelType: string; architecture: string },
  metadata: Record<string, unknown>,
  tensors: Map<string, TensorInfo>,
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
