import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { equivalent, evaluate, flatTerms, symbolsOf, type Expr } from '../../src/expr/index.js';
import { allPresets } from '../../src/models/presets.js';
import { deriveModel } from '../../src/requests/derive-model.js';
import type { BreakdownNode } from '../../src/analysis/breakdown.js';
import { text } from '../../src/printers/notation.js';
import { reportText } from '../../src/printers/report-text.js';
import type { Report } from '../../src/report/report.js';
import { labelText } from '../../src/render/label.js';

const layerCounts = ['L', 'L_enc', 'L_dec', 'L_dense'];

/** The count a summand is grouped under: its leading factor after any constant, when that is a layer count. */
function leadingCount(summand: Expr): Expr | undefined {
  const factors =
    summand.kind === 'mul' ? summand.factors.filter((f) => f.kind !== 'num') : [summand];
  const first = factors[0];
  if (!first) return undefined;
  const names = symbolsOf(first);
  const isCount = first.kind === 'sym' || first.kind === 'add';
  return isCount && names.length > 0 && names.every((n) => layerCounts.includes(n))
    ? first
    : undefined;
}

/** Every closed form in the breakdown, as text with count differences taken out: no minus sign may be left. */
function negativeTerms(tree: BreakdownNode): string[] {
  const found: string[] = [];
  const walk = (node: BreakdownNode) => {
    // A count that is a difference (`(L − L_dense)`, `(L − 1)`) is one factor, not a negative term.
    const shown = text(node.formula).replace(/\(L\w* − \w+\)/g, 'C');
    if (shown.includes('−')) found.push(`${node.key}: ${text(node.formula)}`);
    node.children.forEach(walk);
  };
  walk(tree);
  return found;
}

function expectReadable(report: Report) {
  const root = report.derivations[0]!;
  const closed = report.tree.formula;
  // The closed form is grouped by layer symbol: every summand that mentions a layer count leads
  // with it, and no count leads two summands.
  const counts: string[] = [];
  for (const summand of flatTerms(closed)) {
    const mentions = symbolsOf(summand).some((n) => layerCounts.includes(n));
    if (!mentions) continue;
    const count = leadingCount(summand);
    expect(count, `${report.title}: ${text(summand)} is not under its layer count`).toBeDefined();
    counts.push(text(count!));
  }
  expect(new Set(counts).size).toBe(counts.length);
  expect(negativeTerms(report.tree)).toEqual([]);
  // No `+ 0` anywhere: zero parts are said once, in words.
  for (const derivation of report.derivations) {
    for (const step of derivation.steps) expect(text(step.expr)).not.toMatch(/[+−] 0(?![\d,])/);
  }
  expect(root.steps.at(-1)!.kind).toBe('evaluate');
}

describe('readable derivations for every preset', () => {
  it.each(allPresets().map((p) => [p.name, p] as const))(
    '%s: within 100 columns, no + 0, grouped by layer symbol, no negative terms',
    (_name, preset) => {
      const report = deriveModel({
        config: preset.config,
        source: preset.repository,
        title: `${preset.name} (${preset.repository})`,
      });
      const output = reportText(report, 100);
      for (const line of output.split('\n'))
        expect([...line].length, line).toBeLessThanOrEqual(100);
      expect(output).not.toMatch(/[+−] 0(?![\d,])/);
      expectReadable(report);
    },
  );

  it('narrower terminals are honoured (COLUMNS = 80)', () => {
    const preset = allPresets().find((p) => p.name === 'deepseek-v3')!;
    const report = deriveModel({ config: preset.config, source: preset.repository });
    const lines = reportText(report, 80).split('\n');
    // Derivations break at term boundaries; a breakdown formula is cut with … only when it must.
    for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(80);
    expect(lines.some((l) => l.includes('…'))).toBe(true);
  });

  it('a tied head is said once, beside the definition, not as + 0', () => {
    const preset = allPresets().find((p) => p.name === 't5-small')!;
    const report = deriveModel({ config: preset.config, source: preset.repository });
    expect(report.derivations[0]!.zeros?.map((z) => labelText(z.label))).toEqual(['P_head']);
    expect(reportText(report)).toContain(
      '(P_head = 0 — tied to the token embedding: the same matrix, counted once)',
    );
  });

  it('DeepSeek-V3: the MoE layers stay under (L − L_dense), the attention named as a sub-sum', () => {
    const preset = allPresets().find((p) => p.name === 'deepseek-v3')!;
    const report = deriveModel({ config: preset.config, source: preset.repository });
    const closed = text(report.tree.formula);
    expect(closed).toBe(
      'L_dense·(P_MLA + d_model·(3·d_ff + 2)) + (L − L_dense)·(P_MLA + d_model·(E·(3·d_moe + 1) + 3·n_shared·d_moe + 2)) + d_model·(2·V + 1)',
    );
    expect(report.derivations.some((d) => labelText(d.label) === 'P_MLA')).toBe(true);
  });

  it('random DeepSeek-like configs (fast-check): steps agree, closed forms grouped, never a negative term', () => {
    const config = fc.record({
      layers: fc.integer({ min: 1, max: 64 }),
      dense: fc.integer({ min: 0, max: 64 }),
      experts: fc.integer({ min: 1, max: 64 }),
      shared: fc.integer({ min: 1, max: 4 }),
      qRank: fc.option(fc.integer({ min: 1, max: 2048 }), { nil: null }),
    });
    fc.assert(
      fc.property(config, (c) => {
        const report = deriveModel({
          source: 'random',
          config: {
            model_type: 'deepseek_v3',
            num_hidden_layers: c.layers,
            first_k_dense_replace: c.dense,
            n_routed_experts: c.experts,
            n_shared_experts: c.shared,
            q_lora_rank: c.qRank,
            hidden_size: 256,
            num_attention_heads: 4,
            num_key_value_heads: 4,
            vocab_size: 1000,
          },
        });
        expectReadable(report);
        for (const d of report.derivations) {
          expect(new Set(d.steps.map((s) => evaluate(s.expr, report.bindings))).size).toBe(1);
          for (const s of d.steps.filter((s) => s.kind !== 'bind' && s.kind !== 'evaluate'))
            expect(equivalent(s.expr, d.expanded)).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });
});
