import { describe, expect, it } from 'vitest';
import { equivalent, evaluate } from '../../src/expr/index.js';
import { findPreset } from '../../src/models/presets.js';
import { deriveModel } from '../../src/requests/derive-model.js';
import { reportJson } from '../../src/printers/report-json.js';
import { loadJson } from '../support/fixtures.js';
import { labelText } from '../../src/render/label.js';

interface ActiveCase {
  preset: string;
  figure: 'active' | 'active_excluding_embedding';
  published: number;
  precision: number;
  source: string;
}
const cases = loadJson<{ cases: ActiveCase[] }>('published-active.json').cases;
const model = (name: string) => {
  const preset = findPreset(name)!;
  return deriveModel({ config: preset.config, source: preset.repository });
};

describe('active parameters', () => {
  it.each(cases.map((c) => [`${c.preset} ${c.figure}`, c] as const))(
    "%s matches the vendor's published figure, as rounded there",
    (_name, c) => {
      const json = reportJson(model(c.preset)) as Record<string, string>;
      const ours = Number(json[c.figure]);
      // Rounded to the published precision, ours is the published figure.
      expect(Math.round(ours / c.precision)).toBe(Math.round(c.published / c.precision));
    },
  );

  it('a dense model: every parameter is active; less the token table when the embedding is left out', () => {
    const report = model('llama-2-7b');
    expect(report.model!.active.value).toBe(report.total);
    expect(report.model!.active.excludingEmbedding.value).toBe(6_738_415_616n - 32_000n * 4_096n);
    expect(report.model!.active.derivation).toBeUndefined();
  });

  it('a MoE model: k_top routed experts of E a layer, derived step by step, every step equal', () => {
    const report = model('mixtral-8x7b');
    const derivation = report.model!.active.derivation!;
    expect(labelText(derivation.label)).toBe('P_active');
    const values = derivation.steps.map((s) => evaluate(s.expr, report.bindings));
    expect(new Set(values).size).toBe(1);
    for (const s of derivation.steps.filter((s) => s.kind !== 'bind' && s.kind !== 'evaluate'))
      expect(equivalent(s.expr, derivation.expanded)).toBe(true);
    // Spelled out from Mixtral's shapes: 32 layers of attention (d·(2·n_h·d_h + 2·n_kv·d_h)), router d·E, 2 norms, k = 2 SwiGLU experts; embeddings, head, final norm.
    const [d, L, V, E, k, ff, kv] = [4096n, 32n, 32000n, 8n, 2n, 14336n, 1024n];
    expect(values[0]).toBe(
      L * (2n * d * d + 2n * d * kv + d * E + 2n * d + k * 3n * d * ff) + 2n * V * d + d,
    );
  });
});
