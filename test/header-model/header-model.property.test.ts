import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectedParameters } from '../../src/analysis/expected-parameters.js';
import type { TensorInfo } from '../../src/checkpoint/safetensors.js';
import { evaluate } from '../../src/expr/index.js';
import { headerModel } from '../../src/header-model/header-spec.js';
import { modelReport } from '../../src/requests/derive-model.js';

/**
 * Random stacks as a checkpoint stores them: layers of up to three kinds (attention, a state-space
 * mixer, a mixture of experts) in any order, random widths, a config that names some of them.
 * Whatever the header, the derivation read from it counts exactly its elements, names exactly its
 * tensors, and every step of every derivation has one value.
 */
const stack = fc.record({
  d: fc.integer({ min: 2, max: 64 }),
  f: fc.integer({ min: 2, max: 96 }),
  vocab: fc.integer({ min: 2, max: 200 }),
  experts: fc.integer({ min: 1, max: 6 }),
  kinds: fc.array(fc.constantFrom('attn', 'ssm', 'moe'), { minLength: 1, maxLength: 9 }),
  named: fc.boolean(),
  bias: fc.boolean(),
});

type Stack = typeof stack extends fc.Arbitrary<infer T> ? T : never;

function tensorsOf(s: Stack): Array<[string, number[]]> {
  const t: Array<[string, number[]]> = [['model.embed_tokens.weight', [s.vocab, s.d]]];
  s.kinds.forEach((kind, i) => {
    const l = `model.layers.${i}`;
    t.push([`${l}.input_layernorm.weight`, [s.d]]);
    if (kind === 'ssm') {
      t.push([`${l}.mamba.A_log`, [s.f, 4]], [`${l}.mamba.conv1d.weight`, [s.f, 1, 4]]);
      t.push(
        [`${l}.mamba.in_proj.weight`, [2 * s.f, s.d]],
        [`${l}.mamba.out_proj.weight`, [s.d, s.f]],
      );
    } else {
      for (const p of ['q_proj', 'k_proj', 'v_proj', 'o_proj']) {
        t.push([`${l}.self_attn.${p}.weight`, [s.d, s.d]]);
        if (s.bias) t.push([`${l}.self_attn.${p}.bias`, [s.d]]);
      }
    }
    if (kind === 'moe') {
      t.push([`${l}.mlp.gate.weight`, [s.experts, s.d]]);
      for (let e = 0; e < s.experts; e++)
        for (const p of ['gate_proj', 'up_proj', 'down_proj'])
          t.push([
            `${l}.mlp.experts.${e}.${p}.weight`,
            p === 'down_proj' ? [s.d, s.f] : [s.f, s.d],
          ]);
    } else
      t.push([`${l}.mlp.up_proj.weight`, [s.f, s.d]], [`${l}.mlp.down_proj.weight`, [s.d, s.f]]);
  });
  t.push(['model.norm.weight', [s.d]], ['lm_head.weight', [s.vocab, s.d]]);
  return t;
}

describe('a derivation read from any header', () => {
  it('counts its elements, names its tensors, and each step has one value', () => {
    fc.assert(
      fc.property(stack, (s) => {
        const entries = tensorsOf(s);
        const tensors = new Map<string, TensorInfo>(
          entries.map(([n, shape]) => [n, { dtype: 'F32', shape: shape.map(BigInt) }]),
        );
        const config = s.named
          ? {
              hidden_size: s.d,
              intermediate_size: s.f,
              vocab_size: s.vocab,
              num_experts: s.experts,
            }
          : {};
        const { spec } = headerModel(tensors, config, 'random');
        const report = modelReport(spec, 'random', { modelType: 'x', className: 'x', source: 'x' });
        const elements = entries.reduce((n, [, shape]) => n + shape.reduce((a, b) => a * b, 1), 0);
        expect(report.total).toBe(BigInt(elements));
        const names = expectedParameters(report.part, report.bindings).parameters;
        expect(new Map(names.map((p) => [p.name, p.shape.join('×')]))).toEqual(
          new Map(entries.map(([n, shape]) => [n, shape.join('×')])),
        );
        for (const d of report.derivations) {
          const values = new Set(d.steps.map((step) => evaluate(step.expr, report.bindings)));
          expect(values.size).toBe(1);
        }
        // Layers of several kinds get a count each, and the counts add up to the stack.
        const kinds = new Set(s.kinds);
        if (kinds.size > 1) {
          const counts = Object.entries(spec.sizes).filter(([n]) => /^L_/.test(n));
          expect(counts.reduce((n, [, v]) => n + v, 0n)).toBe(BigInt(s.kinds.length));
        }
      }),
      { numRuns: 60 },
    );
  });
});
