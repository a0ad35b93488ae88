import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { equivalent, evaluate } from '../../src/expr/index.js';
import { formulaOf } from '../../src/components/part.js';
import { deriveTarget } from '../../src/report/derive-target.js';
import { targets } from '../../src/targets/registry.js';
import type { Target } from '../../src/targets/target.js';
import { arbitrarySize } from '../support/arbitraries.js';
import { labelText } from '../../src/render/label.js';

/** Random settings for every size a target takes, chosen so divisibility rules hold. */
function arbitrarySettings(target: Target) {
  const sizes = target.parameters.filter((p) => p.kind === 'size');
  const flags = target.parameters.filter((p) => p.kind === 'flag');
  return fc
    .record({
      sizes: fc.tuple(...sizes.map(() => arbitrarySize)),
      flags: fc.tuple(...flags.map(() => fc.boolean())),
      heads: fc.integer({ min: 1, max: 16 }),
    })
    .map(({ sizes: values, flags: flagValues, heads }) => {
      const settings: Array<readonly [string, string]> = [];
      sizes.forEach((p, i) => {
        settings.push([p.name, String(values[i])]);
      });
      flags.forEach((p, i) => {
        settings.push([p.name, String(flagValues[i])]);
      });
      return makeDivisible(settings, heads);
    });
}

/**
 * Heads must divide the width and key/value heads the heads, and a convolution's groups both its
 * channel counts: set them so they do.
 */
function makeDivisible(settings: Array<readonly [string, string]>, heads: number) {
  const widthName = settings.find(([n]) => n === 'd_model' || n === 'embed_dim')?.[0];
  const headName = settings.find(([n]) => ['num_heads', 'nhead'].includes(n))?.[0];
  const grouped = settings.some(([n]) => n === 'groups');
  return settings.map(([name, value]): readonly [string, string] => {
    if (name === widthName && headName) return [name, String(Number(value) * heads)];
    if (name === headName) return [name, String(heads)];
    if (name === 'num_key_value_heads') return [name, '1'];
    if (grouped && (name === 'in_channels' || name === 'out_channels'))
      return [name, String(Number(value) * heads)];
    if (name === 'groups') return [name, String(heads)];
    return [name, value];
  });
}

describe('derivations (fast-check)', () => {
  describe.each(targets.map((t) => [t.id, t] as const))('%s', (_id, target) => {
    it('every step of every derivation evaluates to the same number', () => {
      fc.assert(
        fc.property(arbitrarySettings(target), (settings) => {
          const report = deriveTarget(target.id, settings);
          expect(report.total).toBeDefined();
          expect(report.total).toBe(evaluate(formulaOf(report.part), report.bindings));
          for (const derivation of report.derivations) {
            const values = derivation.steps.map((step) => evaluate(step.expr, report.bindings));
            expect(
              new Set(values).size,
              `${labelText(derivation.label)}: ${values.join(' ≠ ')}`,
            ).toBe(1);
            expect(values[0]).toBe(derivation.value);
            // The symbolic proof: every step is the expanded polynomial, for every value of every size.
            for (const step of derivation.steps.filter(
              (s) => s.kind !== 'bind' && s.kind !== 'evaluate',
            )) {
              expect(
                equivalent(step.expr, derivation.expanded),
                `${labelText(derivation.label)}: ${step.kind}`,
              ).toBe(true);
            }
          }
        }),
        { numRuns: 25 },
      );
    });

    it('stays symbolic and well-formed with no values', () => {
      const report = deriveTarget(target.id, []);
      for (const derivation of report.derivations) {
        expect(derivation.steps.length).toBeGreaterThan(0);
        // (PyTorch's defaults, such as dim_feedforward = 2048, are still bound: compare the symbolic steps.)
        for (const step of derivation.steps.filter(
          (s) => s.kind !== 'bind' && s.kind !== 'evaluate',
        ))
          expect(equivalent(step.expr, derivation.expanded)).toBe(true);
      }
    });
  });
});
