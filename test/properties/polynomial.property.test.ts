import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toPolynomial } from '../../src/expr/canonical.js';
import { evaluate } from '../../src/expr/evaluate.js';
import { alphabetical, type SymbolOrder, type Term } from '../../src/expr/polynomial.js';
import { tableOrder } from '../../src/symbols/table.js';
import { arbitraryExpr, arbitraryValues } from '../support/arbitraries.js';

/**
 * The graded order as first written: degree descending, then every symbol of either term in
 * `order`, the first whose exponents differ deciding (the higher exponent first).
 */
function referenceCompare(a: Term, b: Term, order: SymbolOrder): number {
  const degree = (t: Term) => t.powers.reduce((n, [, e]) => n + e, 0);
  const byDegree = degree(b) - degree(a);
  if (byDegree !== 0) return byDegree;
  const names = [...new Set([...a.powers, ...b.powers].map(([n]) => n))].sort(order);
  const exponent = (t: Term, name: string) => t.powers.find(([n]) => n === name)?.[1] ?? 0;
  for (const name of names) {
    const diff = exponent(b, name) - exponent(a, name);
    if (diff !== 0) return diff;
  }
  return 0;
}

const valueOfTerms = (terms: readonly Term[], values: Record<string, bigint>) =>
  terms.reduce(
    (sum, t) => sum + t.powers.reduce((p, [n, e]) => p * values[n]! ** BigInt(e), t.coefficient),
    0n,
  );

describe('polynomial invariants (fast-check)', () => {
  it('orderedTerms is the graded order, in the alphabet and in the table order', () => {
    fc.assert(
      fc.property(arbitraryExpr, (expr) => {
        for (const order of [alphabetical, tableOrder]) {
          const terms = toPolynomial(expr).orderedTerms(order);
          for (let i = 1; i < terms.length; i++)
            expect(referenceCompare(terms[i - 1]!, terms[i]!, order)).toBeLessThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('sums and products of expansions keep the value, term by term', () => {
    fc.assert(
      fc.property(arbitraryExpr, arbitraryExpr, arbitraryValues, (a, b, values) => {
        const [p, q] = [toPolynomial(a), toPolynomial(b)];
        const [va, vb] = [evaluate(a, values), evaluate(b, values)];
        expect(valueOfTerms(p.plus(q).terms, values)).toBe(va + vb);
        expect(valueOfTerms(p.times(q).terms, values)).toBe(va * vb);
        expect(valueOfTerms(p.scale(-3n).terms, values)).toBe(-3n * va);
        expect(p.plus(q.scale(-1n)).isZero).toBe(p.equals(q));
      }),
      { numRuns: 300 },
    );
  });
});
