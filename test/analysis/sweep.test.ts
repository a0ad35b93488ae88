import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FieldModel } from '../../src/analysis/field-model.js';
import { parseAxis, planSweep } from '../../src/analysis/sweep.js';
import { parseCount } from '../../src/cli/counts.js';
import { findPreset } from '../../src/models/presets.js';
import { runCli } from '../support/cli.js';
import { hfCases } from '../support/models.js';

const model = (preset: string) => {
  const p = findPreset(preset)!;
  return new FieldModel({ config: p.config, source: p.repository });
};
const axes = (...raw: string[]) => raw.map((r) => parseAxis(r, parseCount));
const rowsOf = (
  preset: string,
  vary: string[],
  measures: Array<'total' | 'active'> = ['total'],
) => {
  const plan = planSweep(model(preset), axes(...vary), measures);
  return { plan, rows: [...plan.rowsIterator()] };
};

describe('tparams sweep', () => {
  it('passes through the published counts of GPT-2 small, medium and large', () => {
    // (n_layer, n_embd) = (12, 768), (24, 1024), (36, 1280), from their config.json files; GPT-2's count
    // does not depend on its head count, so n_head = 4 (which divides all three widths) stands for 12, 16, 20.
    const published: Array<[bigint, bigint, number]> = [
      [12n, 768n, 124_439_808],
      [24n, 1024n, 354_823_168],
      [36n, 1280n, 774_030_080],
    ];
    const p = findPreset('gpt2')!;
    const plan = planSweep(
      new FieldModel({ config: p.config, source: p.repository, overrides: [['n_head', '4']] }),
      axes('n_layer=12..36:12', 'n_embd=768..1280:256'),
      ['total'],
    );
    expect(plan.path).toBe('compiled');
    const rows = [...plan.rowsIterator()];
    for (const [L, d, total] of published) {
      const row = rows.find((r) => r.values[0] === L && r.values[1] === d)!;
      expect('counts' in row ? row.counts[0] : 'refused').toBe(total);
    }
  });

  it('the compiled path agrees with building every row, refusals included', () => {
    const fast = rowsOf('llama-2-7b', ['num_hidden_layers=1..6', 'hidden_size=4000..4200:8']);
    expect(fast.plan.path).toBe('compiled');
    const p = findPreset('llama-2-7b')!;
    for (const row of fast.rows) {
      const built = new FieldModel({ config: p.config, source: p.repository }).count(
        { num_hidden_layers: row.values[0]!, hidden_size: row.values[1]! },
        'total',
      );
      if ('refused' in row) expect(built).toBeUndefined();
      else expect(BigInt(row.counts[0]!)).toBe(built);
    }
    expect(fast.rows.filter((r) => 'refused' in r).length).toBeGreaterThan(0);
  });

  it('falls back to building every row when a symbol follows two fields, and says why', () => {
    const { plan, rows } = rowsOf('llama-2-7b', [
      'hidden_size=4096,4100',
      'num_attention_heads=31..32',
    ]);
    expect(plan.path).toBe('built');
    expect(plan.reason).toBeTruthy();
    expect(rows.map((r) => ('refused' in r ? 'refused' : r.counts[0]!.toString()))).toEqual([
      'refused',
      String(hfCases.find((c) => c.name === 'meta-llama/Llama-2-7b-hf')!.total_params),
      'refused',
      'refused',
    ]);
  });

  it('active counts for a mixture of experts: Mixtral at k_top = 2 is its published 12.9B', () => {
    const { rows } = rowsOf('mixtral-8x7b', ['num_experts_per_tok=1..2'], ['total', 'active']);
    const row = rows[1]!;
    expect('counts' in row && Math.round(Number(row.counts[1]) / 1e8) / 10).toBe(12.9);
  });

  it('CLI: CSV and JSON lines, -o written whole, no progress bar when piped, bad input one clear line', () => {
    const csv = runCli(['sweep', 'gpt2', '--vary', 'n_layer=11..12']);
    expect(csv.code).toBe(0);
    expect(csv.stdout).toBe('n_layer,total,note\n11,117351936,\n12,124439808,\n');
    expect(csv.stderr).toBe('');
    const jsonl = runCli(['sweep', 'gpt2', '--vary', 'n_layer=12', '--format', 'jsonl'])
      .stdout.trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(jsonl).toEqual([{ n_layer: 12, total: '124439808' }]);
    const dir = mkdtempSync(join(tmpdir(), 'sweep-'));
    const file = join(dir, 'rows.csv');
    expect(runCli(['sweep', 'gpt2', '--vary', 'n_layer=1..1000', '-o', file]).code).toBe(0);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(1001);
    for (const bad of [
      ['--vary', 'no_such_field=1..3'],
      ['--vary', 'n_layer=5..1'],
      ['--vary', 'n_layer'],
      ['--vary', 'n_layer=1..3', '--of', 'flops'],
      [],
    ]) {
      const run = runCli(['sweep', 'gpt2', ...bad]);
      expect(run.code, bad.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n'), run.stderr).toHaveLength(1);
    }
    const missing = join(dir, 'no', 'such', 'dir.csv');
    expect(runCli(['sweep', 'gpt2', '--vary', 'n_layer=1..3', '-o', missing]).code).toBe(2);
    expect(existsSync(missing)).toBe(false);
  });
});

describe('sweep streaming', () => {
  it('waits on a slow stream without piling up listeners (node warned past 10 on long sweeps)', async () => {
    const { Writable } = await import('node:stream');
    const { writeSweep } = await import('../../src/printers/sweep-writer.js');
    const preset = findPreset('gpt2')!;
    const axes = ['n_layer=1..200', 'n_embd=64..127'].map((r) => parseAxis(r, parseCount));
    // A slow reader with a tiny buffer: every chunk has to wait for 'drain'.
    const slow = new Writable({
      highWaterMark: 16,
      write: (_chunk, _encoding, done) => setImmediate(done),
    });
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    const { rows } = await writeSweep(
      planSweep(new FieldModel({ config: preset.config, source: 'gpt2' }), axes, ['total']),
      'csv',
      slow,
    );
    process.off('warning', onWarning);
    expect(rows).toBe(200 * 64);
    expect(slow.listenerCount('error')).toBeLessThanOrEqual(1);
    expect(slow.listenerCount('drain')).toBe(0);
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });
});
