import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { loadJson } from '../support/fixtures.js';

/** codellama-7b's config, as the measured case of test/fixtures/published-speeds.json gives it. */
const codellama = loadJson<{ cases: Array<{ config?: Record<string, unknown> }> }>(
  'published-speeds.json',
).cases[0]!;

const configFile = (config: Record<string, unknown>) => {
  const file = join(tmpdir(), `speed-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(config));
  return file;
};

describe('tparams speed', () => {
  it('bounds codellama-7b F16 on an RTX 4090 above llama-bench’s 61.03 tokens/s, at the defaults', () => {
    const config = configFile(codellama.config!);
    const run = runCli([
      'speed',
      '--config',
      config,
      '--gpu',
      'rtx-4090',
      '--dtype',
      'fp16',
      '--format',
      'json',
    ]);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.decode_tokens_per_second).toBeGreaterThan(61.03);
    expect(json.decode_tokens_per_second).toBeLessThan(2 * 61.03);
    expect(json.bounds.decode_tokens_per_second).toBe('upper');
    expect(json.context).toBe('512');
    for (const key of ['prefill_seconds', 'time_to_first_token', 'decode_step_seconds'])
      expect(typeof json[key], key).toBe('number');
    expect(json.gpu).toMatchObject({ name: 'RTX 4090', count: 1 });
    expect(json.bytes_read_derivation.at(-1).text).toBe(
      Number(json.bytes_read_per_step).toLocaleString('en-US'),
    );
  });

  it('prints derivations and names the bound as a bound, within 80 columns but for addresses', () => {
    const run = runCli(['speed', 'llama-2-7b', '--gpu', 'RTX 4090'], { env: { COLUMNS: '80' } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('M_step = M_weights − M_unread + M_kv');
    expect(run.stdout).toContain('F_prefill = B·n_ctx·C_fwd');
    expect(run.stdout).toContain('upper bound on speed');
    expect(run.stdout).toMatch(/decode: at most B \/ t_step = [\d.,]+ tokens\/s/);
    for (const line of run.stdout.split('\n').filter((l) => !l.includes('https://')))
      expect([...line].length, line).toBeLessThanOrEqual(80);
  });

  it('says an unknown GPU in one line and exits 2', () => {
    const run = runCli(['speed', 'llama-2-7b', '--gpu', 'rtx-4080']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('nearest: RTX 4090');
  });

  it('says when the weights and cache do not fit the GPUs the bound assumes', () => {
    const run = runCli(['speed', 'llama-2-70b', '--gpu', 'rtx-4090']);
    expect(run.code).toBe(0);
    // Llama-2-70B's 69 B parameters in bf16 are 138 GB: more than 24 GiB.
    expect(run.stdout).toContain('do not fit 1 × RTX 4090');
  });

  it('refuses an encoder, which generates nothing token by token, in one line', () => {
    const run = runCli(['speed', 'bert-base-uncased', '--gpu', 'l4']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('does not generate token by token');
  });

  it('wants a GPU or a bandwidth, and reads --bandwidth and --tflops', () => {
    expect(runCli(['speed', 'llama-2-7b']).code).toBe(2);
    const run = runCli([
      'speed',
      'llama-2-7b',
      '--bandwidth',
      '3.35TB/s',
      '--tflops',
      '989.5',
      '--format',
      'json',
    ]);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.bandwidth_bytes_per_second).toBe('3350000000000');
    expect(json.peak_from).toBe('--tflops');
    const bad = runCli(['speed', 'llama-2-7b', '--bandwidth', 'fast']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--bandwidth fast');
  });
});

describe('tparams memory --gpu', () => {
  it('gives "fits" as an object: the longest context, the largest batch, the widest weight type', () => {
    const run = runCli([
      'memory',
      'llama-2-7b',
      '--gpu',
      'a100-80gb',
      '--context',
      '4096',
      '--dtype',
      'fp16',
      '--format',
      'json',
    ]);
    expect(run.code).toBe(0);
    const { fits } = JSON.parse(run.stdout);
    // HF's 6,738,415,616 parameters in fp16 and NVIDIA's 2 GiB a 4,096-token cache: 33 caches in 80 GiB.
    expect(fits).toMatchObject({
      gpu: 'A100 SXM 80GB',
      count: 1,
      capacity_bytes: String(80n * 2n ** 30n),
      convention: 'transformers',
      largest_batch: '33',
      longest_context: '4096',
      longest_context_is_cap: true,
      best_weight_type: 'fp32',
    });
    expect(fits.asked.fits).toBe(true);
  });

  it('prints the table with the convention said', () => {
    const run = runCli(['memory', 'llama-2-7b', '--gpu', 'v100-pcie-16gb', '--dtype', 'fp16']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Fits 1 × V100 PCIe 16GB');
    expect(run.stdout).toContain("transformers' convention");
    expect(run.stdout).toMatch(/largest batch \(n_ctx = 4,096\)\s+1 sequence\n/);
  });
});
