import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadJson } from '../support/fixtures.js';
import {
  tinyLlamaConfig,
  tinyLlamaTensors,
  writeSparseSafetensors,
} from '../support/llama-checkpoint.js';
import { row } from './measure.js';

/**
 * `tparams derive PATH` of a checkpoint no family knows: Qwen3-Coder-Next's real header (74,391
 * tensors, 48 layers of two kinds, 512 experts each) against a Llama header of 1,002 tensors (111
 * layers), both read from disk and derived in this process with the built modules, best of 3
 * (target: the 74,391-tensor header well under a second; the ratio says how it scales).
 */
export async function headerBench(header: string): Promise<string[]> {
  const { deriveCheckpoint } = (await import(
    new URL('../../dist/requests/derive-checkpoint.js', import.meta.url).href
  )) as typeof import('../../src/requests/derive-checkpoint.js');
  const folder = (config: unknown, tensors: Array<[string, number[]]>) => {
    const dir = mkdtempSync(join(tmpdir(), 'header-bench-'));
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({ ...(config as object), model_type: 'unknown_x' }),
    );
    writeSparseSafetensors(join(dir, 'model.safetensors'), tensors);
    return dir;
  };
  const qwen = loadJson<{ tensors: Record<string, number[]> }>('qwen3-coder-next-header.json');
  const large = folder(
    loadJson<{ config: unknown }>('qwen3-next.json').config,
    Object.entries(qwen.tensors),
  );
  const small = folder(tinyLlamaConfig(111), tinyLlamaTensors(111));
  const best = async (dir: string, expected?: bigint) => {
    let fastest = Infinity;
    for (let r = 0; r < 3; r++) {
      const start = performance.now();
      const report = await deriveCheckpoint({ target: dir, settings: [] });
      fastest = Math.min(fastest, performance.now() - start);
      if (expected !== undefined && report.total !== expected)
        throw new Error(`header bench: ${dir} derives ${report.total}, not ${expected}`);
    }
    return fastest;
  };
  try {
    await best(small); // warm-up: module loading and the JIT
    const ours = await best(large, 79_674_391_296n);
    const baseline = await best(small);
    return [
      'Derive from a header: 74,391 tensors vs 1,002 (best of 3; target: well under 1 s)',
      header,
      row('derive, Qwen3-Coder-Next header vs Llama 111 layers', ours, baseline, 'ms'),
    ];
  } finally {
    for (const dir of [large, small]) rmSync(dir, { recursive: true, force: true });
  }
}
