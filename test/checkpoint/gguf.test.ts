import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { writeGguf } from '../support/gguf.js';

// A tiny Llama in GGUF with llama.cpp's tensor names (convert_hf_to_gguf.py: token_embd, blk.N.attn_q,
// …, output_norm, output), ggml's innermost-first shapes, Q4_K weights (type 12) and F32 norms (type 0),
// and the metadata keys llama.cpp writes (llama.block_count, llama.embedding_length, …).
const F32 = 0;
const Q4_K = 12;
function tinyLlama(options: { dropOutput?: boolean; rogue?: boolean } = {}): string {
  const tensors = [
    { name: 'token_embd.weight', shape: [64, 100], type: Q4_K },
    { name: 'output_norm.weight', shape: [64], type: F32 },
    ...(options.dropOutput ? [] : [{ name: 'output.weight', shape: [64, 100], type: Q4_K }]),
    { name: 'rope_freqs.weight', shape: [8], type: F32 },
  ];
  for (let i = 0; i < 2; i++) {
    tensors.push(
      { name: `blk.${i}.attn_q.weight`, shape: [64, 64], type: Q4_K },
      { name: `blk.${i}.attn_k.weight`, shape: [64, 32], type: Q4_K },
      { name: `blk.${i}.attn_v.weight`, shape: [64, 32], type: Q4_K },
      { name: `blk.${i}.attn_output.weight`, shape: [64, 64], type: Q4_K },
      { name: `blk.${i}.ffn_gate.weight`, shape: [64, 176], type: Q4_K },
      { name: `blk.${i}.ffn_up.weight`, shape: [64, 176], type: Q4_K },
      { name: `blk.${i}.ffn_down.weight`, shape: [176, 64], type: Q4_K },
      { name: `blk.${i}.attn_norm.weight`, shape: [64], type: F32 },
      { name: `blk.${i}.ffn_norm.weight`, shape: [64], type: F32 },
    );
  }
  if (options.rogue) tensors.push({ name: 'blk.0.mystery.weight', shape: [4], type: F32 });
  const path = join(mkdtempSync(join(tmpdir(), 'gguf-')), 'tiny-llama.Q4_K_M.gguf');
  writeGguf(
    path,
    {
      'general.architecture': 'llama',
      'llama.block_count': 2,
      'llama.embedding_length': 64,
      'llama.feed_forward_length': 176,
      'llama.attention.head_count': 4,
      'llama.attention.head_count_kv': 2,
      'tokenizer.ggml.tokens': Array.from({ length: 100 }, (_, i) => `t${i}`),
    },
    tensors,
  );
  return path;
}
// The count spelled out: embed + output 2·100·64, per layer q,o 64·64, k,v 32·64, gate,up,down 176·64, two norms 64; final norm 64.
const total = 2 * 100 * 64 + 2 * (2 * 64 * 64 + 2 * 32 * 64 + 3 * 176 * 64 + 2 * 64) + 64;

describe('tparams verify FILE.gguf', () => {
  it('names mapped from llama.cpp to transformers, shapes from ggml order, config from the metadata', () => {
    const run = runCli(['verify', tinyLlama(), '--format', 'json']);
    expect(run.code, run.stdout).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({
      match: true,
      names_compared: true,
      checkpoint_total: String(total),
      buffers: ['rope_freqs.weight'],
    });
    expect(json.dtypes.map((d: { dtype: string }) => d.dtype).sort()).toEqual(['F32', 'Q4_K']);
  });

  it("a tied output (no output.weight) reads as tie_word_embeddings; a tensor llama.cpp's names do not cover makes it compare totals only, which then differ", () => {
    expect(runCli(['verify', tinyLlama({ dropOutput: true })]).code).toBe(0);
    const rogue = runCli(['verify', tinyLlama({ rogue: true }), '--format', 'json']);
    expect(rogue.code).toBe(3);
    expect(JSON.parse(rogue.stdout).names_compared).toBe(false);
  });

  it('not a GGUF file: one line, exit 2', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gguf-bad-')), 'x.gguf');
    writeFileSync(path, 'definitely not gguf');
    const run = runCli(['verify', path]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});
