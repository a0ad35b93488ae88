import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alignedRows, katexAligned } from '../../src/render/katex-aligned.js';
import { renderKatex } from '../../src/render/katex.js';

/** The TeX of each formula in some markup, in order, from the annotations KaTeX writes. */
const annotations = (markup: string) =>
  [...markup.matchAll(/<annotation encoding="application\/x-tex">([^<]*)<\/annotation>/g)].map(
    (m) => m[1]!.replace(/&amp;/g, '&'),
  );

describe('a derivation set cell by cell', () => {
  it('splits an aligned body into rows of a left and a right cell', () => {
    expect(alignedRows('P &= a + b \\\\\n&= c \\\\\n&\\quad + d')).toEqual([
      ['P', '= a + b'],
      ['', '= c'],
      ['', '\\quad + d'],
    ]);
  });

  it('takes an escaped \\& for text, not for the alignment point', () => {
    expect(alignedRows('P_{\\text{a\\&b}} &= 1')).toEqual([['P_{\\text{a\\&b}}', '= 1']]);
  });

  it('leaves a body of another shape to KaTeX whole', () => {
    for (const body of ['P = 1', 'a &= 1 &= 2', 'a &= 1 \\\\[2pt] b'])
      expect(alignedRows(body)).toBeUndefined();
    expect(katexAligned('P = 1', 'htmlAndMathml')).toBe(
      renderKatex('\\begin{aligned}\nP = 1\n\\end{aligned}', {
        displayMode: true,
        output: 'htmlAndMathml',
      }),
    );
  });

  it('sets each cell as its own formula, in row order, the right ones after an empty group', () => {
    const markup = katexAligned('P &= a + b \\\\\n&= 3', 'htmlAndMathml');
    expect(annotations(markup)).toEqual([
      '\\displaystyle P',
      '\\displaystyle {}= a + b',
      '\\displaystyle {}= 3',
    ]);
    expect(markup).toMatch(
      /^<span class="katex-display"><span class="tparams-aligned" style="display:inline-grid;/,
    );
  });

  it('holds every cell of any body, and nothing else (property)', () => {
    const term = fc.constantFrom(
      'a',
      'b_{1}',
      '2',
      '7{,}168',
      '\\left(x + 1\\right)',
      'd_{\\text{model}}',
    );
    const side = fc.array(term, { minLength: 1, maxLength: 4 }).map((ts) => ts.join(' + '));
    const body = fc
      .tuple(
        fc.constantFrom('P', 'M_{\\text{kv}}'),
        side,
        fc.array(fc.tuple(fc.constantFrom('= ', '\\quad + '), side), { maxLength: 4 }),
      )
      .map(([label, first, rest]) =>
        [`${label} &= ${first}`, ...rest.map(([lead, s]) => `&${lead}${s}`)].join(' \\\\\n'),
      );
    fc.assert(
      fc.property(body, (b) => {
        const rows = alignedRows(b)!;
        const expected = rows.flatMap(([left, right]) => [
          ...(left ? [`\\displaystyle ${left}`] : []),
          `\\displaystyle {}${right}`,
        ]);
        expect(annotations(katexAligned(b, 'htmlAndMathml'))).toEqual(expected);
        // Rejoined, the cells are the body again.
        expect(rows.map(([l, r]) => (l ? `${l} &${r}` : `&${r}`)).join(' \\\\\n')).toBe(b);
      }),
      { numRuns: 40 },
    );
  });
});
