import { describe, expect, it } from 'vitest';
import { weightMemory } from '../../src/analysis/memory.js';
import { factoringRules } from '../../src/derive/notation-rules.js';
import { evaluate } from '../../src/expr/index.js';
import { findPreset } from '../../src/models/presets.js';
import { deriveModel } from '../../src/report/model-report.js';
import { runCli } from '../support/cli.js';
import { hfCases } from '../support/models.js';

const llama = () => {
  const preset = findPreset('llama-2-7b')!;
  return deriveModel({ config: preset.config, source: preset.repository });
};
const publishedLlama = BigInt(hfCases.find((c) => c.name === 'meta-llama/Llama-2-7b-hf')!.total_params);
const memory = (dtype: 'fp32' | 'fp16' | 'bf16' | 'int8' | 'int4') => {
  const report = llama();
  return { report, weights: weightMemory(report.part, report.tree.formula, report.bindings, dtype, factoringRules()) };
};

describe('weight memory', () => {
  it('fp32, fp16 and bf16: 4, 2 and 2 bytes for each of the published 6,738,415,616 parameters', () => {
    expect(memory('fp32').weights.bytes).toBe(4n * publishedLlama);
    expect(memory('fp16').weights.bytes).toBe(2n * publishedLlama);
    expect(memory('bf16').weights.bytes).toBe(2n * publishedLlama);
  });

  it('int8 and int4 narrow the linear weight matrices only: embeddings, head, norms stay 16-bit', () => {
    // Llama-2-7B's linear weights, spelled out from its config: 32 layers of Q, K, V, O (4096²) and gate, up, down (4096 × 11008).
    const matrices = 32n * (4n * 4096n * 4096n + 3n * 4096n * 11008n);
    expect(memory('int8').weights.bytes).toBe(matrices + 2n * (publishedLlama - matrices));
    expect(memory('int4').weights.bytes).toBe(matrices / 2n + 2n * (publishedLlama - matrices));
    expect(memory('int4').weights.unit).toBe('bits');
  });

  it('every step of the derivation has the same value', () => {
    for (const dtype of ['fp16', 'int4'] as const) {
      const { report, weights } = memory(dtype);
      expect(new Set(weights.derivation.steps.map((s) => evaluate(s.expr, report.bindings))).size).toBe(1);
    }
  });

  it('tparams memory: text with the units named, JSON weights_bytes, and a bad dtype exits 2', () => {
    const text = runCli(['memory', 'llama-2-7b', '--dtype', 'fp16']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('13,476,831,232 bytes = 12.55 GiB = 13.48 GB');
    const json = JSON.parse(runCli(['memory', 'llama-2-7b', '--dtype', 'fp16', '--format', 'json']).stdout);
    expect(json.weights_bytes).toBe(String(2n * publishedLlama));
    expect(json.fits[0]).toEqual({ accelerator: '24 GB (RTX 4090, L4)', bytes: String(24n * 2n ** 30n), fits: true });
    const bad = runCli(['memory', 'llama-2-7b', '--dtype', 'fp3']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/fp3/);
    expect(runCli(['memory', 'attention']).code).toBe(2);
  });
});
