import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectUserErrorLine, runCli } from '../support/cli.js';
import { loadJson } from '../support/fixtures.js';
import { writeGguf } from '../support/gguf.js';
import {
  tinyLlamaConfig,
  tinyLlamaTensors,
  writeSparseSafetensors,
} from '../support/llama-checkpoint.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A folder with `config` as its config.json (a string as written) and a header of `tensors`. */
function checkpoint(config: unknown, tensors: Array<[string, number[]]>): string {
  const dir = mkdtempSync(join(tmpdir(), 'derive-checkpoint-'));
  dirs.push(dir);
  writeFileSync(
    join(dir, 'config.json'),
    typeof config === 'string' ? config : JSON.stringify(config),
  );
  writeSparseSafetensors(join(dir, 'model.safetensors'), tensors);
  return dir;
}

describe('tparams derive PATH', () => {
  const llama = tinyLlamaConfig(2);
  const tensors = tinyLlamaTensors(2);

  it('derives a checkpoint whose family is known as its family does, and from the header when asked', () => {
    const dir = checkpoint(llama, tensors);
    const family = JSON.parse(runCli(['derive', dir, '--format', 'json']).stdout);
    expect(family.source).not.toBe('checkpoint');
    const header = runCli(['derive', dir, '--from-checkpoint', '--format', 'json']);
    expect(header.code, header.stderr).toBe(0);
    const json = JSON.parse(header.stdout);
    expect(json.source).toBe('checkpoint');
    expect(json.checkpoint).toMatchObject({ path: dir, tensors: tensors.length, why: 'asked' });
    expect(json.total).toBe(family.total);
  });

  it('says under the title that the header was read, within 100 columns', () => {
    const header = loadJson<{ tensors: Record<string, number[]> }>('qwen3-coder-next-header.json');
    const config = loadJson<{ config: Record<string, unknown> }>('qwen3-next.json').config;
    const dir = checkpoint({ ...config, model_type: 'qwen9_next' }, Object.entries(header.tensors));
    for (const columns of ['100']) {
      const run = runCli(['derive', dir], { env: { COLUMNS: columns } });
      expect(run.code, run.stderr).toBe(0);
      const lines = run.stdout.split('\n');
      expect(lines.slice(0, 6).join(' ')).toMatch(
        /Read from the checkpoint's header \(no family reads model_type qwen9_next\): 74,391 tensors/,
      );
      expect(run.stdout).toMatch(/= 79,674,391,296\n/);
      for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(Number(columns));
    }
    const memory = JSON.parse(runCli(['memory', dir, '--format', 'json']).stdout);
    // 12 attention layers, K and V of 2 heads × 256, in 16 bits: 24,576 bytes a token.
    expect(memory.kv_cache_bytes_per_token).toBe('24576');
  });

  it('refuses bad input in one line, exit 2', () => {
    const zero = checkpoint(llama, [['model.norm.weight', [0]]]);
    expectUserErrorLine(
      runCli(['derive', zero, '--from-checkpoint']),
      /tensor "model.norm.weight" has a dimension of 0/,
    );
    const broken = checkpoint('{"model_type": ', tensors);
    expectUserErrorLine(runCli(['derive', broken]), /config\.json/);
    const missing = checkpoint(llama, tensors);
    rmSync(join(missing, 'config.json'));
    expectUserErrorLine(runCli(['derive', missing]), /config\.json/);
    expectUserErrorLine(
      runCli(['derive', checkpoint({ model_type: 'x' }, tensors), '--set', 'L=3']),
      /--set does not apply to a derivation read from a header/,
    );
    expectUserErrorLine(
      runCli(['derive', 'gpt2-nonexistent-thing', '--from-checkpoint']),
      /--from-checkpoint takes a checkpoint|no such file or folder/,
    );
  });

  it('derives a GGUF file of any architecture from its tensor infos and metadata', () => {
    // Gemma-3-shaped blocks in llama.cpp's names (dimensions innermost first, as ggml stores them).
    const [d, f, V, L, heads, kvHeads, headDim] = [64, 128, 100, 2, 4, 2, 16];
    const tensors = [
      { name: 'token_embd.weight', shape: [d, V], type: 1 },
      { name: 'output_norm.weight', shape: [d], type: 0 },
    ];
    for (let i = 0; i < L; i++)
      for (const [name, shape] of [
        ['attn_q', [d, heads * headDim]],
        ['attn_k', [d, kvHeads * headDim]],
        ['attn_v', [d, kvHeads * headDim]],
        ['attn_output', [heads * headDim, d]],
        ['attn_norm', [d]],
        ['ffn_norm', [d]],
        ['ffn_gate', [d, f]],
        ['ffn_up', [d, f]],
        ['ffn_down', [f, d]],
      ] as const)
        tensors.push({ name: `blk.${i}.${name}.weight`, shape: [...shape], type: 1 });
    const dir = mkdtempSync(join(tmpdir(), 'derive-gguf-'));
    dirs.push(dir);
    const file = join(dir, 'tiny.gguf');
    writeGguf(
      file,
      {
        'general.architecture': 'gemma3',
        'gemma3.embedding_length': d,
        'gemma3.feed_forward_length': f,
        'gemma3.block_count': L,
        'gemma3.attention.head_count': heads,
        'gemma3.attention.head_count_kv': kvHeads,
        'gemma3.attention.key_length': headDim,
        'tokenizer.ggml.tokens': Array.from({ length: V }, (_, i) => `t${i}`),
      },
      tensors,
    );
    const run = runCli(['derive', file, '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout);
    // The header's own sum: every tensor's elements.
    const elements = tensors.reduce((n, t) => n + t.shape.reduce((a, b) => a * b, 1), 0);
    expect(json.total).toBe(String(elements));
    expect(json.checkpoint.why).toBe('gguf');
    expect(json.derivation.map((s: { text: string }) => s.text).join(' ')).toMatch(/L·d_model/);
    const memory = JSON.parse(runCli(['memory', file, '--format', 'json']).stdout);
    // Two layers, K and V of 2 heads × 16 in 16 bits: 2 · 2 · 32 · 2 = 256 bytes a token.
    expect(memory.kv_cache_bytes_per_token).toBe('256');
    // As stored: ggml's F32 (type 0) takes 4 bytes an element, F16 (type 1) 2.
    const stored = tensors.reduce(
      (n, t) => n + t.shape.reduce((a, b) => a * b, 1) * (t.type === 0 ? 4 : 2),
      0,
    );
    expect(memory.stored_weights_bytes).toBe(String(stored));
  });
});
