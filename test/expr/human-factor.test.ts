import { describe, expect, it } from 'vitest';
import {
  equivalent,
  humanFactored,
  orderedProduct,
  parseFormula,
  sym,
  num,
  mul,
  add,
} from '../../src/expr/index.js';
import { factoringRules } from '../../src/derive/notation-rules.js';
import { toText } from '../../src/render/text.js';

const rules = factoringRules();
const human = (formula: string) => toText(humanFactored(parseFormula(formula), rules));

describe('human factoring (rules from src/derive/notation-rules.ts)', () => {
  it.each([
    // weight plus bias keeps its two terms inside: 4(d² + d), as the README's attention reads
    ['4*d_model^2 + 4*d_model', '4·(d_model² + d_model)'],
    // three or more terms inside: content and common width both out
    ['4*d_model*n_h*d_h + 2*d_model*d_ff + 2*d_model', '2·d_model·(2·n_h·d_h + d_ff + 1)'],
    // content 1: the common width alone
    ['12*d_model^2 + 13*d_model', 'd_model·(12·d_model + 13)'],
    // Horner-like under a count symbol: experts with their router
    [
      '3*E*d_model*d_ff + E*d_model + 2*d_model*n_h*d_h + 2*d_model',
      'd_model·(E·(3·d_ff + 1) + 2·n_h·d_h + 2)',
    ],
    // a long flat sum is partly factored by the width most terms hold
    [
      'V*d_model + P*d_model + n_type*d_model + d_model^2 + 5*d_model + V',
      'd_model·(V + P + n_type + d_model + 5) + V',
    ],
    // a short one stays flat
    [
      '4*d_model^2 + 2*d_model*d_ff + 9*d_model + d_ff',
      '4·d_model² + 2·d_model·d_ff + 9·d_model + d_ff',
    ],
    // products in the conventional order: counts, table rows, widths, heads
    ['d_model*V*2', '2·V·d_model'],
    ['d_h*n_h*d_model*L', 'L·d_model·n_h·d_h'],
  ])('%s → %s', (formula, expected) => {
    expect(human(formula)).toBe(expected);
    expect(equivalent(humanFactored(parseFormula(formula), rules), parseFormula(formula))).toBe(
      true,
    );
  });

  it('writes products constants first, then symbols in order, then sums', () => {
    expect(
      toText(
        orderedProduct([sym('d_model'), num(3), add(sym('V'), num(1)), sym('L')], rules.order),
      ),
    ).toBe('3·L·d_model·(V + 1)');
    expect(
      toText(orderedProduct([mul(num(2), sym('d_model')), mul(num(3), sym('L'))], rules.order)),
    ).toBe('6·L·d_model');
  });
});
