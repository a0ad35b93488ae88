import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FieldModel } from '../../src/analysis/field-model.js';
import { solve } from '../../src/analysis/solve.js';
import { interpolate, rational } from '../../src/expr/rational.js';
import { findPreset } from '../../src/models/presets.js';
import { runCli } from '../support/cli.js';
import { hfCases } from '../support/models.js';

const published = JSON.parse(
  readFileSync(new URL('../fixtures/published-totals.json', import.meta.url), 'utf8'),
) as { cases: Array<{ preset: string; total_params: number }> };
const totalOf = (preset: string) =>
  BigInt(published.cases.find((c) => c.preset === preset)!.total_params);
const model = (preset: string, overrides: Array<[string, string]> = []) => {
  const p = findPreset(preset)!;
  return new FieldModel({ config: p.config, source: p.repository, overrides });
};

describe('tparams solve', () => {
  it("finds GPT-2 medium's 24 layers from GPT-2 at its width, by its published total", () => {
    // GPT-2 medium is GPT-2 with n_embd = 1024, n_head = 16 and 24 layers (its config.json).
    const solution = solve(
      model('gpt2', [
        ['n_embd', '1024'],
        ['n_head', '16'],
      ]),
      { field: 'n_layer', target: totalOf('gpt2-medium'), measure: 'total', step: 1n },
    );
    expect(solution.best).toEqual({ value: 24n, count: totalOf('gpt2-medium') });
    expect(solution.polynomial.length).toBe(2);
  });

  it("finds Llama-2-7B's width and layers from their published total, the width as a root of a quadratic", () => {
    const llama = BigInt(hfCases.find((c) => c.name === 'meta-llama/Llama-2-7b-hf')!.total_params);
    const width = solve(model('llama-2-7b', [['hidden_size', '2048']]), {
      field: 'hidden_size',
      target: llama,
      measure: 'total',
      step: 128n,
    });
    expect(width.best).toEqual({ value: 4096n, count: llama });
    expect(width.polynomial.length).toBe(3);
    expect(
      solve(model('llama-2-7b', [['num_hidden_layers', '2']]), {
        field: 'num_hidden_layers',
        target: llama,
        measure: 'total',
        step: 1n,
      }).best.value,
    ).toBe(32n);
  });

  it('respects what the family accepts: widths the heads divide, and --multiple-of', () => {
    const solution = solve(model('llama-2-7b'), {
      field: 'hidden_size',
      target: 7_000_000_000n,
      measure: 'total',
      step: 1n,
    });
    for (const c of solution.candidates) expect(c.value % 32n).toBe(0n);
    const coarse = solve(model('llama-2-7b'), {
      field: 'hidden_size',
      target: 7_000_000_000n,
      measure: 'total',
      step: 256n,
    });
    for (const c of coarse.candidates) expect(c.value % 256n).toBe(0n);
  });

  it("--of memory: the weights' bytes in a byte-wide type, 2 bytes a parameter in bf16", () => {
    const llama = BigInt(hfCases.find((c) => c.name === 'meta-llama/Llama-2-7b-hf')!.total_params);
    const p = findPreset('llama-2-7b')!;
    const solution = solve(
      new FieldModel(
        { config: p.config, source: p.repository, overrides: [['num_hidden_layers', '2']] },
        'bf16',
      ),
      { field: 'num_hidden_layers', target: 2n * llama, measure: 'memory', step: 1n },
    );
    expect(solution.best).toEqual({ value: 32n, count: 2n * llama });
    expect(() => new FieldModel({ config: p.config, source: p.repository }, 'int4')).toThrow(
      /whole bytes/,
    );
  });

  it('interpolation is exact in rationals', () => {
    // y = x²/2 + 3: points (2, 5), (4, 11), (6, 21).
    expect(
      interpolate([
        [2n, 5n],
        [4n, 11n],
        [6n, 21n],
      ]),
    ).toEqual([rational(3n), rational(0n), rational(1n, 2n)]);
  });

  it('CLI: text and JSON; a field the model lacks, a target below reach, no --vary: one clear line, exit 2', () => {
    const text = runCli(['solve', 'llama-2-7b', '--target', '7e9', '--vary', 'num_hidden_layers']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('P(L) = 202,383,360·L + 262,148,096');
    expect(text.stdout).toContain('→ num_hidden_layers = 33');
    const json = JSON.parse(
      runCli(['solve', 'gpt2', '--target', '124e6', '--vary', 'n_layer', '--format', 'json'])
        .stdout,
    );
    expect(json.solutions[0]).toMatchObject({
      field: 'n_layer',
      variable: 'L',
      value: '12',
      count: '124439808',
    });
    for (const bad of [
      ['--vary', 'no_such_field'],
      ['--vary', 'num_hidden_layers', '--target', '1000'],
      ['--vary', 'num_hidden_layers', '--target', 'lots'],
      [],
    ]) {
      const args = bad.includes('--target') ? bad : [...bad, '--target', '7e9'];
      const run = runCli(['solve', 'llama-2-7b', ...args]);
      expect(run.code, bad.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n'), run.stderr).toHaveLength(1);
    }
  });
});
