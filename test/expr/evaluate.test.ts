import { describe, expect, it } from 'vitest';
import {
  compile,
  evaluate,
  FormulaError,
  parseFormula,
  substitute,
  sym,
  UnboundSymbolError,
} from '../../src/expr/index.js';
import { toText } from '../../src/render/text.js';

describe('evaluation', () => {
  const attention = parseFormula('4*(d*d + d)');

  it('is exact', () => {
    expect(evaluate(attention, { d: 512n })).toBe(1_050_624n);
    expect(evaluate(parseFormula('d^3'), { d: 10n ** 7n })).toBe(10n ** 21n);
  });

  it('names an unbound symbol', () => {
    expect(() => evaluate(attention, {})).toThrow(UnboundSymbolError);
    expect(() => evaluate(attention, {})).toThrow("symbol 'd' has no value");
  });

  it('substitutes numbers and expressions, keeping the shape', () => {
    expect(toText(substitute(attention, { d: 512n }))).toBe('4·(512·512 + 512)');
    expect(toText(substitute(attention, { d: parseFormula('n*h') }))).toBe('4·(n·h·n·h + n·h)');
  });

  it('compiles to the same value, on numbers and beyond 2^53', () => {
    const compiled = compile(attention);
    expect(compiled.symbols).toEqual(['d']);
    expect(compiled.evaluateNumber({ d: 512 })).toBe(1_050_624);
    expect(compiled.evaluate({ d: 2 ** 40 })).toBe(evaluate(attention, { d: 2n ** 40n }));
    expect(() => compiled.evaluateNumber({ d: 2 ** 40 })).toThrow(RangeError);
    expect(() => compiled.evaluate({})).toThrow(UnboundSymbolError);
  });

  it('compiles a constant', () => {
    expect(compile(parseFormula('2 + 3')).evaluate({})).toBe(5n);
  });
});

describe('parsing', () => {
  it.each([
    ['d / 2', 'not supported'],
    ['d^-1', 'non-negative integer'],
    ['1.5 * d', 'not an integer'],
    ['d +', 'formula'],
    ['sqrt(d)', 'not supported'],
  ])('rejects %s', (formula, message) => {
    expect(() => parseFormula(formula)).toThrow(FormulaError);
    expect(() => parseFormula(formula)).toThrow(message);
  });

  it('reads symbols', () => {
    expect(parseFormula('d_model')).toEqual(sym('d_model'));
  });
});
