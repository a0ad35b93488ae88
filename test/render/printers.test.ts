import { describe, expect, it } from 'vitest';
import {
  canonical,
  factored,
  parseFormula,
  num,
  ref,
  label,
  add,
  mul,
  sym,
} from '../../src/expr/index.js';
import { toTex } from '../../src/render/tex.js';
import { toText } from '../../src/render/text.js';
import { shortCount } from '../../src/render/numbers.js';
import { tableTex } from '../../src/symbols/table.js';

describe('TeX printer', () => {
  it.each([
    ['4*(d^2 + d)', '4\\left(d^{2} + d\\right)'],
    ['d*d + d', 'd \\cdot d + d'],
    ['1050624', '1{,}050{,}624'],
    ['2*3', '2 \\cdot 3'],
    ['a - b', 'a - b'],
    ['-a + b', '-a + b'],
    ['(a + b)^2', '\\left(a + b\\right)^{2}'],
    ['512^2 * 4', '512^{2} \\cdot 4'],
  ])('%s → %s', (formula, expected) => {
    expect(parseFormula(formula)).toRenderTex(expected);
  });

  it('names symbols from the table, and by rule otherwise', () => {
    expect(toTex(parseFormula('d_model * n_kv * d_h'), { symbolTex: tableTex })).toBe(
      'd_{\\text{model}} \\cdot n_{\\text{kv}} \\cdot d_{h}',
    );
    expect(toTex(parseFormula('d_model + abc_x'))).toBe('d_{\\text{model}} + \\mathrm{abc}_{x}');
  });

  it('prints a part reference as its label', () => {
    const q = ref(label('P', 'Q'), sym('d'));
    expect(toTex(add(q, mul(num(2), q)))).toBe('P_{Q} + 2P_{Q}');
  });
});

describe('text printer', () => {
  it.each([
    ['4*(d^2 + d)', '4·(d² + d)'],
    ['d^12', 'd¹²'],
    ['1050624', '1,050,624'],
    ['x - 2*y', 'x − 2·y'],
    ['-x + y', '−x + y'],
  ])('%s → %s', (formula, expected) => {
    expect(toText(parseFormula(formula))).toBe(expected);
  });

  it('prints canonical and factored forms readably', () => {
    const attention = parseFormula('4*(d*d + d)');
    expect(toText(canonical(attention))).toBe('4·d² + 4·d');
    expect(toText(factored(attention))).toBe('4·(d² + d)');
  });
});

describe('short counts', () => {
  it.each([
    [6_738_415_616n, '6.74B'],
    [124_439_808n, '124M'],
    [1_050_624n, '1.05M'],
    [512n, '512'],
  ])('%s → %s', (value, expected) => {
    expect(shortCount(value)).toBe(expected);
  });
});
