import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectUserErrorLine, runCli } from '../support/cli.js';
import { loadJson } from '../support/fixtures.js';
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
});
