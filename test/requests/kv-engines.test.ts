import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RawConfig } from '../../src/models/config/config-fields.js';
import { runCli } from '../support/cli.js';

interface Case {
  name: string;
  preset?: string;
  config?: RawConfig;
  args: string[];
  key: string;
  want: string;
  quote: string;
  source: string;
}
const published = JSON.parse(
  readFileSync(new URL('../fixtures/published-cache.json', import.meta.url), 'utf8'),
) as { cases: Case[] };

const dir = mkdtempSync(join(tmpdir(), 'tparams-kv-'));
const subject = (c: Pick<Case, 'name' | 'preset' | 'config'>) => {
  if (c.preset) return [c.preset];
  const file = join(dir, `${c.name.replace(/\W+/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(c.config));
  return ['--config', file];
};
const json = (args: string[]) => {
  const run = runCli(['memory', ...args, '--format', 'json']);
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as Record<string, unknown>;
};
const fails = (args: string[]) => {
  const run = runCli(['memory', ...args]);
  expect(run.code).toBe(2);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  return run.stderr;
};

describe('KV caches as engines allocate them', () => {
  it.each(published.cases)('$name: as the engine logs it', (c) => {
    expect(json([...subject(c), ...c.args])[c.key]).toBe(c.want);
  });

  it('llama.cpp: the SWA cells grow with the parallel sequences, the others with the context', () => {
    const gemma = published.cases.find((c) => c.name.startsWith('Gemma 3 27B in llama.cpp at 4k'))!;
    // Two sequences of 4,096: 8,192 cells for the 10 global layers; the 52 SWA layers keep
    // pad(2·1024 + 512, 256) = 2,560 cells (llama_kv_cache_iswa); 8 KiB a cell and layer in f16.
    const two = json([...subject(gemma), ...gemma.args, '--batch', '2']);
    expect(two.kv_cache_bytes).toBe(String((10 * 8192 + 52 * 2560) * 8192));
  });

  it('vLLM: no sliding-window saving where its model code gives every layer full attention (Mistral v0.1)', () => {
    const at = (engine: string) =>
      json(['mistral-7b', '--context', '32k', '--engine', engine]).kv_cache_bytes;
    // Mistral 7B's paper: the rolling buffer cache of 4,096 tokens is 8× smaller at 32k.
    expect(BigInt(at('vllm') as string)).toBe(8n * BigInt(at('transformers') as string));
    expect(at('llama.cpp')).toBe(at('vllm'));
  });

  it('keys and values of two types: the text says which, and the rows are counted apart', () => {
    const c = published.cases.find((x) => x.name.startsWith('Qwen2.5-Coder-32B'))!;
    const both = BigInt(json([...subject(c), ...c.args]).kv_cache_bytes as string);
    const args = [...subject(c), '--engine', 'llama.cpp', '--context', '32768'];
    const mixed = json([...args, '--kv-dtype', 'q8_0', '--v-dtype', 'q4_0']);
    expect(mixed.kv_cache_v_dtype).toBe('q4_0');
    // K stays q8_0's half of the logged 4,352 MiB; V takes q4_0's 18 bytes for q8_0's 34.
    expect(BigInt(mixed.kv_cache_bytes as string)).toBe(both / 2n + ((both / 2n) * 18n) / 34n);
    const text = runCli(['memory', ...args, '--kv-dtype', 'q8_0', '--v-dtype', 'q4_0']).stdout;
    expect(text).toContain('KV cache in q8_0 keys, q4_0 values');
    expect(text).toContain('34 bytes a block');
    // The title names the config file; the cache's lines keep to the terminal's columns.
    for (const columns of [80, 100]) {
      const wrapped = runCli(['memory', ...args, '--kv-dtype', 'q8_0', '--v-dtype', 'q4_0'], {
        env: { COLUMNS: String(columns) },
      }).stdout;
      for (const line of wrapped.slice(wrapped.indexOf('KV cache')).split('\n'))
        expect(line.length, line).toBeLessThanOrEqual(columns);
    }
  });

  it('--engine vllm --gpu: the budget is utilization × memory − weights, and the fits keep 1 − utilization back', () => {
    const out = json(['meta-llama-3-8b', '--engine', 'vllm', '--gpu', 'h100']);
    const weights = BigInt(out.weights_bytes as string);
    const device = BigInt(out.kv_budget_device_bytes as string);
    expect(out.kv_budget_fraction).toBe('0.9');
    expect(BigInt(out.kv_budget_bytes as string)).toBe((device * 9n) / 10n - weights);
    const fits = out.fits as Record<string, unknown>;
    expect(fits.convention).toBe('vllm');
    expect(BigInt(fits.reserved_bytes as string)).toBe(device - (device * 9n) / 10n);
    const text = runCli(['memory', 'meta-llama-3-8b', '--engine', 'vllm', '--gpu', 'h100']).stdout;
    expect(text).toContain('gpu_memory_utilization 0.9');
    expect(text).toContain("the activations' peak");
  });

  it('recurrent state per sequence beside the cache; the engines keep kernel − 1 columns', () => {
    const of = (engine: string) =>
      json(['jamba-1.5-mini', '--engine', engine, '--batch', '3', '--context', '1024']);
    const hf = of('transformers');
    const vllm = of('vllm');
    const llama = of('llama.cpp');
    expect(BigInt(hf.recurrent_state_bytes as string)).toBe(
      3n * BigInt(hf.recurrent_state_bytes_per_sequence as string),
    );
    expect(hf.recurrent_state_conv_columns).toBe('kernel');
    expect(vllm.recurrent_state_conv_columns).toBe('kernel-1');
    expect(BigInt(vllm.recurrent_state_bytes as string)).toBeLessThan(
      BigInt(hf.recurrent_state_bytes as string),
    );
    // llama.cpp keeps its recurrent state in f32 (llama_memory_recurrent): twice vLLM's bf16.
    expect(llama.recurrent_state_dtype).toBe('f32');
    expect(BigInt(llama.recurrent_state_bytes as string)).toBe(
      2n * BigInt(vllm.recurrent_state_bytes as string),
    );
  });

  it('tparams speed reads a q8_0 cache', () => {
    const run = runCli(['speed', 'llama-2-7b', '--gpu', 'h100', '--kv-dtype', 'q8_0']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('q8_0 KV cache');
  });

  it('bad input: one line naming the option, the value and what was expected', () => {
    expect(fails(['llama-2-7b', '--kv-dtype', 'q9'])).toMatch(/--kv-dtype.*q9.*q8_0/);
    expect(fails(['llama-2-7b', '--v-dtype', 'q9'])).toMatch(/--v-dtype.*q9.*q4_0/);
    // phi-2's heads are 80 wide: llama.cpp refuses blocks of 32 there.
    expect(fails(['phi-2', '--kv-dtype', 'q4_0'])).toMatch(/--kv-dtype q4_0.*d_h = 80/);
    expect(fails(['mamba-130m', '--v-dtype', 'q4_0'])).toMatch(/--v-dtype.*keeps no KV cache/);
    expect(fails(['llama-2-7b', '--kv-budget', '4XB'])).toMatch(/--kv-budget 4XB: expected a size/);
    expect(fails(['llama-2-7b', '--engine', 'vllm', '--block-size', '0'])).toMatch(
      /--block-size 0: expected a positive whole number/,
    );
    expect(fails(['llama-2-7b', '--block-size', '32'])).toMatch(
      /--block-size applies to --engine vllm, not transformers/,
    );
    expect(fails(['llama-2-7b', '--engine', 'vllm', '--mem-fraction-static', '0.8'])).toMatch(
      /--mem-fraction-static applies to --engine sglang/,
    );
    expect(fails(['llama-2-7b', '--gpu-memory-utilization', '0.5'])).toMatch(
      /--gpu-memory-utilization applies to --engine vllm/,
    );
    expect(fails(['llama-2-7b', '--engine', 'vllm', '--gpu-memory-utilization', '1.5'])).toMatch(
      /--gpu-memory-utilization 1.5: expected a share/,
    );
    expect(fails(['whisper-tiny', '--engine', 'llama.cpp'])).toMatch(/--engine llama.cpp/);
    expect(fails(['llama-2-7b', '--engine', 'vllm', '--kv-dtype', 'q8_0'])).toMatch(
      /--kv-dtype q8_0 is llama.cpp's block type; --engine vllm/,
    );
    expect(fails(['llama-2-7b', '--engine', 'vllm', '--no-kv-unified'])).toMatch(
      /--no-kv-unified applies to --engine llama.cpp, not vllm/,
    );
    expect(fails(['llama-2-7b', '--engine', 'sglang', '--device-memory', '80GiB'])).toMatch(
      /--device-memory with --engine sglang needs --mem-fraction-static/,
    );
    expect(fails(['llama-2-7b', '--engine', 'vllm', '--device-memory', '8GB'])).toMatch(
      /--gpu-memory-utilization: the weights .* leave no room/,
    );
  });
});
