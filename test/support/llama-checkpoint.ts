import { closeSync, mkdtempSync, openSync, writeFileSync, writeSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A tiny Llama's config with `layers` layers: width 8, 2 heads, MLP 16, vocabulary 16. */
export const tinyLlamaConfig = (layers: number) => ({
  architectures: ['LlamaForCausalLM'],
  model_type: 'llama',
  hidden_size: 8,
  intermediate_size: 16,
  num_hidden_layers: layers,
  num_attention_heads: 2,
  num_key_value_heads: 2,
  vocab_size: 16,
  tie_word_embeddings: false,
});

/**
 * A folder holding that Llama as transformers saves LlamaForCausalLM's state_dict (names and
 * [out, in] shapes written by hand, 3 + 9·layers tensors), its data a sparse run of zeros. Its
 * count, 2·16·8 + layers·(4·8·8 + 3·16·8 + 2·8) + 8, is spelled out for tests: `tinyLlamaTotal`.
 */
export function writeTinyLlama(layers: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'llama-'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify(tinyLlamaConfig(layers)));
  const entries = tinyLlamaTensors(layers);
  writeSparseSafetensors(join(dir, 'model.safetensors'), entries);
  return dir;
}

/** The tiny Llama's tensors as LlamaForCausalLM's state_dict names and shapes them. */
export function tinyLlamaTensors(layers: number): Array<[string, number[]]> {
  const entries: Array<[string, number[]]> = [
    ['model.embed_tokens.weight', [16, 8]],
    ['model.norm.weight', [8]],
    ['lm_head.weight', [16, 8]],
  ];
  for (let i = 0; i < layers; i++) {
    const l = `model.layers.${i}`;
    entries.push(
      [`${l}.self_attn.q_proj.weight`, [8, 8]],
      [`${l}.self_attn.k_proj.weight`, [8, 8]],
      [`${l}.self_attn.v_proj.weight`, [8, 8]],
      [`${l}.self_attn.o_proj.weight`, [8, 8]],
      [`${l}.mlp.gate_proj.weight`, [16, 8]],
      [`${l}.mlp.up_proj.weight`, [16, 8]],
      [`${l}.mlp.down_proj.weight`, [8, 16]],
      [`${l}.input_layernorm.weight`, [8]],
      [`${l}.post_attention_layernorm.weight`, [8]],
    );
  }
  return entries;
}

/** The tiny Llama's tensor names. */
export const tinyLlamaNames = (layers: number) => tinyLlamaTensors(layers).map(([name]) => name);

/** The tiny Llama's parameter count, from the shapes listed above. */
export const tinyLlamaTotal = (layers: number) =>
  2 * 16 * 8 + layers * (4 * 8 * 8 + 3 * 16 * 8 + 2 * 8) + 8;

/** A safetensors file of BF16 tensors, laid out as the format says, with its data left sparse (never written). */
export function writeSparseSafetensors(
  path: string,
  entries: Array<[string, number[]]>,
  dtype = 'BF16',
  bytesPerElement = 2,
): void {
  let offset = 0;
  const parts: string[] = ['"__metadata__":{"format":"pt"}'];
  for (const [name, shape] of entries) {
    const bytes = shape.reduce((a, b) => a * b, 1) * bytesPerElement;
    parts.push(
      `${JSON.stringify(name)}:{"dtype":"${dtype}","shape":${JSON.stringify(shape)},"data_offsets":[${offset},${offset + bytes}]}`,
    );
    offset += bytes;
  }
  let json = `{${parts.join(',')}}`;
  json += ' '.repeat((8 - (Buffer.byteLength(json) % 8)) % 8);
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(Buffer.byteLength(json)));
  const fd = openSync(path, 'w');
  writeSync(fd, Buffer.concat([length, Buffer.from(json)]));
  ftruncateSync(fd, 8 + Buffer.byteLength(json) + offset);
  closeSync(fd);
}
