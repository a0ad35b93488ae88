import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { equivalent, evaluate } from '../../src/expr/index.js';
import { allPresets } from '../../src/models/presets.js';
import { deriveModel } from '../../src/requests/derive-model.js';
import type { BreakdownNode } from '../../src/analysis/breakdown.js';
import type { Report } from '../../src/report/report.js';
import { labelText } from '../../src/render/label.js';

/** Every derivation step has one value and is the expanded polynomial, and every node's children add up to it. */
function expectConsistent(report: Report) {
  for (const derivation of report.derivations) {
    const values = derivation.steps.map((step) => evaluate(step.expr, report.bindings));
    expect(new Set(values).size, `${labelText(derivation.label)}: ${values.join(' ≠ ')}`).toBe(1);
    // Symbolic steps (before sizes are bound) equal the expanded form as polynomials, not just at these sizes.
    for (const step of derivation.steps.filter((s) => s.kind !== 'bind' && s.kind !== 'evaluate')) {
      expect(
        equivalent(step.expr, derivation.expanded),
        `${labelText(derivation.label)}: ${step.kind}`,
      ).toBe(true);
    }
  }
  const walk = (node: BreakdownNode) => {
    if (node.part.kind === 'sum')
      expect(node.children.reduce((s, c) => s + c.value!, 0n)).toBe(node.value);
    node.children.forEach(walk);
  };
  walk(report.tree);
}

describe('whole-model derivations', () => {
  it.each(allPresets().map((p) => [p.name, p] as const))(
    '%s: steps agree, children add up',
    (_name, preset) => {
      expectConsistent(deriveModel({ config: preset.config, source: preset.repository }));
    },
  );

  it('random Llama-like configs (fast-check): steps agree, total matches the closed form', () => {
    const config = fc.record({
      heads: fc.integer({ min: 1, max: 64 }),
      groups: fc.integer({ min: 1, max: 8 }),
      headDim: fc.integer({ min: 1, max: 256 }),
      layers: fc.integer({ min: 1, max: 96 }),
      ffn: fc.integer({ min: 1, max: 50_000 }),
      vocab: fc.integer({ min: 1, max: 300_000 }),
      tied: fc.boolean(),
      family: fc.constantFrom('llama', 'mistral', 'qwen2'),
    });
    fc.assert(
      fc.property(config, (c) => {
        const hidden = c.heads * c.groups * c.headDim;
        const kvHeads = c.heads;
        const heads = c.heads * c.groups;
        const report = deriveModel({
          source: 'random',
          config: {
            model_type: c.family,
            hidden_size: hidden,
            num_attention_heads: heads,
            num_key_value_heads: kvHeads,
            intermediate_size: c.ffn,
            num_hidden_layers: c.layers,
            vocab_size: c.vocab,
            tie_word_embeddings: c.tied,
          },
        });
        expectConsistent(report);
        // An independent closed form of the Llama layout (q/k/v biases for Qwen2 only).
        const [d, L, V, F, kv] = [hidden, c.layers, c.vocab, c.ffn, kvHeads * c.headDim].map(
          BigInt,
        ) as [bigint, bigint, bigint, bigint, bigint];
        const qkvBias = c.family === 'qwen2' ? d + 2n * kv : 0n;
        const layer = 2n * d * d + 2n * d * kv + qkvBias + 3n * d * F + 2n * d;
        expect(report.total).toBe(V * d + L * layer + d + (c.tied ? 0n : V * d));
      }),
      { numRuns: 60 },
    );
  });
});
