import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadJson } from './fixtures.js';
import { writeGguf } from './gguf.js';
import { writeSparseSafetensors } from './llama-checkpoint.js';

/** ggml's element types (ggml.h `ggml_type`): F32 0, Q4_K 12, BF16 30. */
export const GGML = { F32: 0, Q4_K: 12, BF16: 30 } as const;

type GgufTensor = { name: string; shape: number[]; type: number };
const elements = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * GLM-4-9B-0414's language model as a BF16 GGUF file, laid out as llama.cpp's converter writes
 * one: its tensor names (`src/llama-arch.cpp`, LLM_ARCH_GLM4: `blk.N.attn_q`,
 * `post_attention_norm`, `post_ffw_norm`, …, the gate and up projections one `ffn_up` as
 * transformers stores them), ggml's innermost-first shapes, 2-D tensors in BF16 and 1-D ones
 * (norms, biases) in F32 (`convert_hf_to_gguf.py`, `prepare_tensors`: "1D tensors or norms only
 * handles F32"), the metadata keys of `gguf-py` with the 151,552 tokens, and the weights' bytes
 * left sparse. Shapes from test/fixtures/glm4.json (transformers' names), its counts published.
 */
export function writeGlm4Gguf(dir = mkdtempSync(join(tmpdir(), 'glm4-gguf-'))): {
  path: string;
  totalParams: number;
  modelSizeBytes: number;
} {
  const glm = loadJson<{
    config: Record<string, number>;
    total_params: number;
    gguf_model_size_bytes: number;
    tensors: { outside_layers: Record<string, number[]>; every_layer: Record<string, number[]> };
  }>('glm4.json');
  const names: Record<string, string> = {
    'model.embed_tokens.weight': 'token_embd.weight',
    'model.norm.weight': 'output_norm.weight',
    'lm_head.weight': 'output.weight',
    'input_layernorm.weight': 'attn_norm.weight',
    'self_attn.q_proj.weight': 'attn_q.weight',
    'self_attn.q_proj.bias': 'attn_q.bias',
    'self_attn.k_proj.weight': 'attn_k.weight',
    'self_attn.k_proj.bias': 'attn_k.bias',
    'self_attn.v_proj.weight': 'attn_v.weight',
    'self_attn.v_proj.bias': 'attn_v.bias',
    'self_attn.o_proj.weight': 'attn_output.weight',
    'post_self_attn_layernorm.weight': 'post_attention_norm.weight',
    'post_attention_layernorm.weight': 'ffn_norm.weight',
    'mlp.gate_up_proj.weight': 'ffn_up.weight',
    'mlp.down_proj.weight': 'ffn_down.weight',
    'post_mlp_layernorm.weight': 'post_ffw_norm.weight',
  };
  const tensor = (name: string, shape: number[]): GgufTensor => ({
    name,
    shape: [...shape].reverse(),
    type: shape.length === 1 ? GGML.F32 : GGML.BF16,
  });
  const tensors = Object.entries(glm.tensors.outside_layers).map(([n, s]) => tensor(names[n]!, s));
  const c = glm.config;
  for (let i = 0; i < c.num_hidden_layers!; i++)
    for (const [n, s] of Object.entries(glm.tensors.every_layer))
      tensors.push(tensor(`blk.${i}.${names[n]}`, s));
  const path = join(dir, 'GLM-4-9B-0414-BF16.gguf');
  const bytes = tensors.reduce((n, t) => n + elements(t.shape) * (t.type === GGML.F32 ? 4 : 2), 0);
  writeGguf(
    path,
    {
      'general.architecture': 'glm4',
      'glm4.block_count': c.num_hidden_layers!,
      'glm4.context_length': c.max_position_embeddings!,
      'glm4.embedding_length': c.hidden_size!,
      'glm4.feed_forward_length': c.intermediate_size!,
      'glm4.attention.head_count': c.num_attention_heads!,
      'glm4.attention.head_count_kv': c.num_key_value_heads!,
      'glm4.attention.key_length': c.head_dim!,
      'glm4.attention.value_length': c.head_dim!,
      'tokenizer.ggml.tokens': Array.from({ length: c.vocab_size! }, (_, i) => `t${i}`),
    },
    tensors,
    { dataBytes: bytes },
  );
  return { path, totalParams: glm.total_params, modelSizeBytes: glm.gguf_model_size_bytes };
}

/**
 * Llama-2-7B as a Q4_K GGUF file, as llama.cpp names and lays out a Llama (`token_embd`,
 * `blk.N.attn_q`, …, `output`; norms in F32), its sizes from the config in
 * test/fixtures/hf-models.json (meta-llama/Llama-2-7b-hf, whose published count it returns),
 * 32,000 tokens, and 3.8 GB of weights left sparse.
 */
export function writeLlama2Gguf(dir = mkdtempSync(join(tmpdir(), 'llama2-gguf-'))): {
  path: string;
  totalParams: number;
} {
  const llama = loadJson<{
    models: Array<{ name: string; config: Record<string, number>; total_params: number }>;
  }>('hf-models.json').models.find((m) => m.name === 'meta-llama/Llama-2-7b-hf')!;
  const c = llama.config;
  const [d, f, V] = [c.hidden_size!, c.intermediate_size!, c.vocab_size!];
  const kv = (d / c.num_attention_heads!) * (c.num_key_value_heads ?? c.num_attention_heads!);
  const q4 = (name: string, shape: number[]) => ({ name, shape, type: GGML.Q4_K });
  const tensors: GgufTensor[] = [
    q4('token_embd.weight', [d, V]),
    { name: 'output_norm.weight', shape: [d], type: GGML.F32 },
    q4('output.weight', [d, V]),
  ];
  for (let i = 0; i < c.num_hidden_layers!; i++)
    tensors.push(
      q4(`blk.${i}.attn_q.weight`, [d, d]),
      q4(`blk.${i}.attn_k.weight`, [d, kv]),
      q4(`blk.${i}.attn_v.weight`, [d, kv]),
      q4(`blk.${i}.attn_output.weight`, [d, d]),
      q4(`blk.${i}.ffn_gate.weight`, [d, f]),
      q4(`blk.${i}.ffn_up.weight`, [d, f]),
      q4(`blk.${i}.ffn_down.weight`, [f, d]),
      { name: `blk.${i}.attn_norm.weight`, shape: [d], type: GGML.F32 },
      { name: `blk.${i}.ffn_norm.weight`, shape: [d], type: GGML.F32 },
    );
  const path = join(dir, 'llama-2-7b.Q4_K.gguf');
  // Q4_K: 144 bytes a block of 256 (ggml.c's type_traits); F32 4 bytes.
  const bytes = tensors.reduce(
    (n, t) => n + (t.type === GGML.F32 ? elements(t.shape) * 4 : (elements(t.shape) / 256) * 144),
    0,
  );
  writeGguf(
    path,
    {
      'general.architecture': 'llama',
      'llama.block_count': c.num_hidden_layers!,
      'llama.embedding_length': d,
      'llama.feed_forward_length': f,
      'llama.attention.head_count': c.num_attention_heads!,
      'llama.attention.head_count_kv': c.num_key_value_heads ?? c.num_attention_heads!,
      'tokenizer.ggml.tokens': Array.from({ length: V }, (_, i) => `t${i}`),
    },
    tensors,
    { dataBytes: bytes },
  );
  return { path, totalParams: llama.total_params };
}

/**
 * A sharded checkpoint as transformers saves one: config.json, the tensors split in `shards`
 * files named as huggingface_hub names them (`model-00001-of-00004.safetensors`), their data
 * sparse, and `model.safetensors.index.json` mapping each tensor to its shard (unless `index` is
 * false). Returns the folder and the files in order.
 */
export function writeShardedCheckpoint(
  config: object,
  tensors: Array<[string, number[]]>,
  shards: number,
  options: { index?: boolean } = {},
): { dir: string; shards: string[]; index: string; config: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tparams-shards-'));
  const pad = (n: number) => String(n).padStart(5, '0');
  const names = Array.from(
    { length: shards },
    (_, k) => `model-${pad(k + 1)}-of-${pad(shards)}.safetensors`,
  );
  const per = Math.ceil(tensors.length / shards);
  const weightMap: Record<string, string> = {};
  names.forEach((name, k) => {
    const part = tensors.slice(k * per, (k + 1) * per);
    for (const [tensor] of part) weightMap[tensor] = name;
    writeSparseSafetensors(join(dir, name), part);
  });
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  const index = join(dir, 'model.safetensors.index.json');
  if (options.index !== false)
    writeFileSync(index, JSON.stringify({ metadata: {}, weight_map: weightMap }));
  return { dir, shards: names.map((n) => join(dir, n)), index, config: join(dir, 'config.json') };
}
