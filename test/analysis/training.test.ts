import { describe, expect, it } from 'vitest';
import {
  trainingBindings,
  trainingMemory,
  type TrainingRequest,
} from '../../src/analysis/training.js';
import type { Part } from '../../src/components/part.js';
import { evaluate } from '../../src/expr/index.js';
import { label, num } from '../../src/expr/nodes.js';
import { findPreset } from '../../src/models/presets.js';
import { deriveModel } from '../../src/requests/derive-model.js';
import { runCli } from '../support/cli.js';
import { labelText } from '../../src/render/label.js';

const base: TrainingRequest = {
  optimizer: 'adam',
  zero: 0,
  gpus: 1n,
  tensorParallel: 1n,
  sequenceParallel: false,
  recompute: 'none',
  sequence: 2048n,
  microBatch: 1n,
};

describe('training memory: model states (Rajbhandari et al. 2019, ZeRO)', () => {
  // Figure 1 of the ZeRO paper: a 7.5B-parameter model, N_d = 64, mixed-precision Adam (K = 12).
  const psi = 7_500_000_000n;
  const part: Part = {
    kind: 'tensor',
    key: 'w',
    label: label('w', 'w'),
    name: 'weights',
    shape: [num(psi)],
  };
  const gib = (zero: TrainingRequest['zero']) => {
    const memory = trainingMemory(
      { part, bindings: { L: 1n, d_model: 64n, n_h: 1n }, tree: { formula: num(psi) } },
      { ...base, zero, gpus: 64n },
    );
    return Number(memory.modelStates.value!) / 1e9;
  };
  it.each([
    [0, 120],
    [1, 31.4],
    [2, 16.6],
    [3, 1.9],
  ] as const)('ZeRO-%i: %f GB a GPU, as Figure 1 shows', (zero, published) => {
    expect(gib(zero)).toBeCloseTo(published, 1);
  });
});

describe('training memory: activations (Korthikanti et al. 2022, Table 2)', () => {
  const gpt2 = () => {
    const p = findPreset('gpt2')!;
    return deriveModel({ config: p.config, source: p.repository });
  };
  // GPT-2 small: h = 768, a = 12, L = 12; s = 1024, b = 4.
  const [s, b, h, a, L] = [1024, 4, 768, 12, 12];
  const activations = (request: Partial<TrainingRequest>) => {
    const report = gpt2();
    return trainingMemory(report, {
      ...base,
      sequence: BigInt(s),
      microBatch: BigInt(b),
      ...request,
    }).activations!.value!;
  };
  it('no parallelism: s·b·h·(34 + 5·a·s/h) a layer', () => {
    expect(activations({})).toBe(BigInt(L * s * b * h * (34 + (5 * a * s) / h)));
  });
  it('tensor parallel t = 4: s·b·h·(10 + 24/t + 5·a·s/(h·t)); with sequence parallelism s·b·h/t·(34 + 5·a·s/h)', () => {
    const t = 4;
    expect(activations({ tensorParallel: 4n, gpus: 4n })).toBe(
      BigInt(L * s * b * h * (10 + 24 / t + (5 * a * s) / (h * t))),
    );
    expect(activations({ tensorParallel: 4n, gpus: 4n, sequenceParallel: true })).toBe(
      BigInt(((L * s * b * h) / t) * (34 + (5 * a * s) / h)),
    );
  });
  it('selective recomputation: 34·s·b·h/t (with sequence parallelism); full: 2·s·b·h', () => {
    expect(
      activations({ tensorParallel: 4n, gpus: 4n, sequenceParallel: true, recompute: 'selective' }),
    ).toBe(BigInt((L * s * b * h * 34) / 4));
    expect(activations({ recompute: 'full' })).toBe(BigInt(L * 2 * s * b * h));
  });
  it('every step of every training derivation has the same value', () => {
    const report = gpt2();
    for (const request of [
      {},
      { zero: 3, gpus: 8n, tensorParallel: 2n, sequenceParallel: true },
      { optimizer: 'adafactor', zero: 1, gpus: 2n },
    ] as Partial<TrainingRequest>[]) {
      const memory = trainingMemory(report, { ...base, ...request });
      for (const d of [memory.modelStates, memory.activations!, memory.total]) {
        const bindings = { ...trainingBindings(report), ...memory.sizes };
        expect(
          new Set(d.steps.map((step) => evaluate(step.expr, bindings))).size,
          labelText(d.label),
        ).toBe(1);
      }
    }
  });
});

describe('training memory: optimizers', () => {
  const llama = () => {
    const p = findPreset('llama-2-7b')!;
    return deriveModel({ config: p.config, source: p.repository });
  };
  const states = (optimizer: TrainingRequest['optimizer']) => {
    const report = llama();
    return trainingMemory(report, { ...base, optimizer }).modelStates.value!;
  };
  // Llama-2-7B's published count.
  const P = 6_738_415_616n;
  it('Adam 16, SGD with momentum 12, 8-bit Adam 10 bytes a parameter', () => {
    expect(states('adamw')).toBe(16n * P);
    expect(states('sgd')).toBe(12n * P);
    expect(states('adam-8bit')).toBe(10n * P);
  });
  it('Adafactor: 8 bytes a parameter plus 4 for each row and column of each matrix', () => {
    // Llama-2-7B's tensors from its config: per layer 4 square 4096 matrices, 3 of 4096×11008, 2 norms of 4096;
    // the embedding and head 32000×4096; the final norm 4096.
    const perLayer = 4n * (4096n + 4096n) + 3n * (4096n + 11008n) + 2n * 4096n;
    const statistics = 32n * perLayer + 2n * (32000n + 4096n) + 4096n;
    expect(states('adafactor')).toBe(8n * P + 4n * statistics);
  });
});

describe('tparams memory --training', () => {
  it('two towers: model states only, and it says why the activations are not estimated', () => {
    const json = JSON.parse(
      runCli(['memory', 'clip-vit-base-patch32', '--training', '--format', 'json']).stdout,
    );
    expect(json.activation_bytes_per_gpu).toBeUndefined();
    expect(json.activations_not_estimated).toMatch(/two towers/);
    expect(json.total_bytes_per_gpu).toBe(json.model_states_bytes_per_gpu);
  });

  it('text names its conventions, JSON has the per-GPU figures; a --tp that does not divide exits 2', () => {
    const text = runCli([
      'memory',
      'llama-2-7b',
      '--training',
      '--zero',
      '2',
      '--gpus',
      '8',
      '--context',
      '4096',
      '--recompute',
      'selective',
    ]);
    expect(text.code).toBe(0);
    expect(text.stdout.replace(/\s+/g, ' ')).toContain(
      'ZeRO-2: optimizer states and gradients partitioned',
    );
    expect(text.stdout).toContain('P_shard = ⌈P_model / N_d⌉ = 842,301,952');
    const json = JSON.parse(
      runCli([
        'memory',
        'llama-2-7b',
        '--training',
        '--zero',
        '3',
        '--gpus',
        '8',
        '--format',
        'json',
      ]).stdout,
    );
    expect(json.model_states_bytes_per_gpu).toBe(String(16n * 842_301_952n));
    expect(BigInt(json.total_bytes_per_gpu)).toBe(
      BigInt(json.model_states_bytes_per_gpu) + BigInt(json.activation_bytes_per_gpu),
    );
    for (const bad of [
      ['--tp', '3'],
      ['--gpus', '0'],
      ['--zero', '4'],
      ['--optimizer', 'lion'],
    ]) {
      const run = runCli(['memory', 'llama-2-7b', '--training', ...bad]);
      expect(run.code, bad.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
