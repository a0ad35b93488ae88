import { describe, expect, it } from 'vitest';
import { isOnlyLabel, readsTheSame } from '../../src/derive/same-reading.js';
import { add, label, mul, num, ref, sym, upright } from '../../src/expr/nodes.js';

const d = sym('d');

describe('readsTheSame: steps compared as they print', () => {
  const P = ref(label('P', 'x'), d);
  it.each([
    [
      'a product inside a product',
      mul(d, mul(sym('n'), sym('h'))),
      mul(d, sym('n'), sym('h')),
      true,
    ],
    ['a sum inside a sum', add(d, add(num(1), sym('n'))), add(d, num(1), sym('n')), true],
    ['a named part, whatever its body', P, ref(label('P', 'x'), num(3)), true],
    ['different order', mul(sym('n'), d), mul(d, sym('n')), false],
    ['a power and a product', mul(d, d), { kind: 'pow', base: d, exponent: 2 } as const, false],
  ])('%s', (_what, a, b, same) => {
    expect(readsTheSame(a, b)).toBe(same);
  });
});

describe('isOnlyLabel: a step that is the label it derives', () => {
  it.each([
    ['the same label', ref(label('P', 'up'), d), label('P', 'up'), true],
    ['another subscript', ref(label('P', 'up'), d), label('P', 'down'), false],
    ['the same letter set upright', ref(label('P', upright('q')), d), label('P', 'q'), false],
    ['not a named part', d, label('P', 'up'), false],
  ])('%s', (_what, expr, l, only) => {
    expect(isOnlyLabel(expr, l)).toBe(only);
  });
});
