import { describe, expect, it } from 'vitest';
import { weightMemory } from '../../src/analysis/memory.js';
import { evaluate } from '../../src/expr/index.js';
import { allPresets, findPreset } from '../../src/models/presets.js';
import { modelFigures } from '../../src/requests/model-figures.js';
import { text } from '../../src/printers/notation.js';
import { deriveModel } from '../../src/requests/derive-model.js';
import { readFileSync } from 'node:fs';
import { runCli } from '../support/cli.js';
import { hfCases } from '../support/models.js';

const llama = () => {
  const preset = findPreset('llama-2-7b')!;
  return deriveModel({ config: preset.config, source: preset.repository });
};
const publishedLlama = BigInt(
  hfCases.find((c) => c.name === 'meta-llama/Llama-2-7b-hf')!.total_params,
);
const memory = (dtype: 'fp32' | 'fp16' | 'bf16' | 'int8' | 'int4') => {
  const report = llama();
  return {
    report,
    weights: weightMemory(report, { dtype }),
  };
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
      expect(
        new Set(weights.derivation.steps.map((s) => evaluate(s.expr, report.bindings))).size,
      ).toBe(1);
    }
  });

  it('names the count already derived and uses its value: M_weights = 2·P_model = 2·6,738,415,616', () => {
    const lines = (dtype: 'bf16' | 'fp32') =>
      memory(dtype).weights.derivation.steps.map((s) => text(s.expr));
    expect(lines('bf16')).toEqual(['2·P_model', '2·6,738,415,616', '13,476,831,232']);
    expect(lines('fp32')).toEqual(['4·P_model', '4·6,738,415,616', '26,953,662,464']);
  });

  it('every figure of every preset uses P_model by value, and a quantized form has no difference left in it', () => {
    for (const preset of allPresets()) {
      const report = deriveModel({ config: preset.config, source: preset.repository });
      const modelForm = text(report.tree.formula);
      const figures = modelFigures(report)!;
      for (const { derivation } of [...figures.memory, ...figures.compute]) {
        // The model's closed form is derived in its own section; no figure spells it out again.
        for (const step of derivation.steps) expect(text(step.expr)).not.toContain(modelForm);
      }
      if (preset.name !== 'llama-2-70b' && preset.name !== 'gpt-oss-20b') continue;
      for (const dtype of ['int4', 'int8', 'mxfp4'] as const) {
        const steps = weightMemory(report, { dtype }).derivation.steps.map((s) => text(s.expr));
        expect(steps[0]).toMatch(/^(P_q|4·P_q) .*·\(P_model − P_q\)$/);
        expect(steps.slice(1).filter((s) => s.includes('−'))).toEqual([]);
      }
    }
  });

  it('tparams memory: text with the units named, JSON weights_bytes, and a bad dtype exits 2', () => {
    const text = runCli(['memory', 'llama-2-7b', '--dtype', 'fp16']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('13,476,831,232 bytes = 12.55 GiB = 13.48 GB');
    const json = JSON.parse(
      runCli(['memory', 'llama-2-7b', '--dtype', 'fp16', '--format', 'json']).stdout,
    );
    expect(json.weights_bytes).toBe(String(2n * publishedLlama));
    expect(json.fits[0]).toEqual({
      accelerator: '24 GB (RTX 4090, L4)',
      bytes: String(24n * 2n ** 30n),
      fits: true,
    });
    const bad = runCli(['memory', 'llama-2-7b', '--dtype', 'fp3']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/fp3/);
    expect(runCli(['memory', 'attention']).code).toBe(2);
  });
});

interface PublishedSize {
  preset: string;
  dtype: 'int4' | 'mxfp4';
  group_size?: number;
  published: number;
  unit: 'GB' | 'GiB';
  precision: number;
  source: string;
}
const publishedSizes = (
  JSON.parse(
    readFileSync(new URL('../fixtures/published-weight-sizes.json', import.meta.url), 'utf8'),
  ) as { cases: PublishedSize[] }
).cases;

describe('quantized checkpoints as published', () => {
  it.each(publishedSizes)('$preset in $dtype: $published $unit', (c) => {
    const preset = findPreset(c.preset)!;
    const report = deriveModel({ config: preset.config, source: preset.repository });
    const weights = weightMemory(report, {
      dtype: c.dtype,
      ...(c.group_size ? { groupSize: c.group_size } : {}),
    });
    const size = Number(weights.bytes!) / (c.unit === 'GB' ? 1e9 : 2 ** 30);
    expect(Math.abs(size - c.published)).toBeLessThanOrEqual(c.precision / 2);
    expect(
      new Set(
        weights.derivation.steps.map((s) =>
          evaluate(s.expr, { ...report.bindings, n_grp: weights.groups!.count }),
        ),
      ).size,
    ).toBe(1);
  });

  it('groups follow the matrices: n_grp = P_q / g when every input width divides, and g = 32 blocks for MXFP4', () => {
    const preset = findPreset('llama-2-7b')!;
    const report = deriveModel({ config: preset.config, source: preset.repository });
    const matrices = 32n * (4n * 4096n * 4096n + 3n * 4096n * 11008n);
    const weights = weightMemory(report, { dtype: 'int4', groupSize: 128 });
    expect(weights.groups).toMatchObject({ count: matrices / 128n, divisible: true });
    // 11008 is not a multiple of 1024: down_proj's groups round up, ⌈11008/1024⌉ = 11 a row.
    const coarse = weightMemory(report, { dtype: 'int4', groupSize: 1024 });
    // q, k, v, o: 4096 outputs × 4 groups; gate, up: 11008 × 4; down: 4096 × 11.
    expect(coarse.groups).toMatchObject({
      count: 32n * (4n * 4096n * 4n + 2n * 11008n * 4n + 4096n * 11n),
      divisible: false,
    });
  });

  it('tparams memory: --group-size and mxfp4 in text and JSON; misuse is one clear line', () => {
    const text = runCli(['memory', 'llama-2-7b', '--dtype', 'int4', '--group-size', '128']);
    expect(text.stdout).toContain('n_grp = P_q / 128 = 50,593,792');
    const json = JSON.parse(
      runCli(['memory', 'gpt-oss-20b', '--dtype', 'mxfp4', '--format', 'json']).stdout,
    );
    expect(json.weight_groups).toMatchObject({ size: 32 });
    for (const bad of [
      ['--dtype', 'bf16', '--group-size', '128'],
      ['--dtype', 'mxfp4'],
      ['--dtype', 'int4', '--group-size', '0'],
    ]) {
      const run = runCli(['memory', 'llama-2-7b', ...bad]);
      expect(run.code, bad.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('--also-quantize: the token table and the head join the quantized matrices, grouped along their width', () => {
    const preset = findPreset('llama-2-7b')!;
    const report = deriveModel({ config: preset.config, source: preset.repository });
    const matrices = 32n * (4n * 4096n * 4096n + 3n * 4096n * 11008n);
    const tables = 2n * 32000n * 4096n;
    const weights = weightMemory(report, {
      dtype: 'int4',
      groupSize: 32,
      also: { embeddings: true, head: true },
    });
    expect(weights.groups).toMatchObject({ count: (matrices + tables) / 32n, divisible: true });
    // Every weight in 4 bits plus 20 bits a group; only the norms (65 vectors of 4096) stay 16-bit.
    expect(weights.bytes).toBe(
      (4n * (matrices + tables) +
        20n * ((matrices + tables) / 32n) +
        16n * (publishedLlama - matrices - tables)) /
        8n,
    );
    expect(runCli(['memory', 'llama-2-7b', '--also-quantize', 'head']).code).toBe(2);
  });
});
