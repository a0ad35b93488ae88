import { describe, expect, it } from 'vitest';
import { canonical, equivalent, factored, groupedBy, parseFormula } from '../../src/expr/index.js';
import { toText } from '../../src/render/text.js';
import { tableOrder } from '../../src/symbols/table.js';

const text = (
  formula: string,
  transform: (e: ReturnType<typeof parseFormula>) => ReturnType<typeof parseFormula>,
) => toText(transform(parseFormula(formula)));

describe('canonical form', () => {
  it.each([
    ['h*V + V*h', '2·V·h'],
    ['(30522 + 2 + 512) * 1024', '31,780,864'],
    ['4*(d*d + d)', '4·d² + 4·d'],
    ['d + d^2*3 + 7', '3·d² + d + 7'],
    ['(a + b)^2', 'a² + 2·a·b + b²'],
    ['a - a', '0'],
    ['x*y - 2*y*x', '−x·y'],
    ['12*L*d^2 + 13*L*d + V*d + P*d', '12·L·d² + 13·L·d + P·d + V·d'],
  ])('%s → %s', (formula, expected) => {
    expect(text(formula, (e) => canonical(e))).toBe(expected);
  });

  it('keeps exact integers beyond 2^53', () => {
    expect(text('9007199254740993 * 1000', (e) => canonical(e))).toBe('9,007,199,254,740,993,000');
  });

  it('orders by the symbol table: counts, then table rows, then widths, then heads', () => {
    expect(toText(canonical(parseFormula('V*d_model + d_model*L*d_model*12'), tableOrder))).toBe(
      '12·L·d_model² + V·d_model',
    );
    expect(toText(canonical(parseFormula('d_h*n_h*d_model*E*3'), tableOrder))).toBe(
      '3·E·d_model·n_h·d_h',
    );
  });
});

describe('factored form', () => {
  it.each([
    ['4*d^2 + 4*d', '4·(d² + d)'],
    ['d*V + d*P + 4*d', 'd·(P + V + 4)'],
    ['2*d*f + d + f', '2·d·f + d + f'],
    ['6*x', '6·x'],
    ['-2*x - 4', '−2·(x + 2)'],
  ])('%s → %s', (formula, expected) => {
    expect(text(formula, (e) => factored(e))).toBe(expected);
  });

  it('groups by a chosen symbol', () => {
    expect(text('L*4*d^2 + L*9*d + 2*d', (e) => groupedBy(e, 'L'))).toBe('L·(4·d² + 9·d) + 2·d');
  });
});

describe('equality', () => {
  it.each([
    ['4*(d^2 + d)', '4*d*d + 2*d + 2*d', true],
    ['(V + 2 + P)*d + 2*d', 'd*(V + P + 4)', true],
    ['d^2', 'd*d + 1', false],
  ])('%s = %s is %s', (a, b, expected) => {
    expect(equivalent(parseFormula(a), parseFormula(b))).toBe(expected);
  });
});
