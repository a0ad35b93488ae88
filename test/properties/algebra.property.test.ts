import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonical,
  compile,
  evaluate,
  factored,
  groupedBy,
  parseFormula,
  toMathjsString,
  equivalent,
} from '../../src/expr/index.js';
import { arbitraryExpr, arbitraryValues } from '../support/arbitraries.js';

describe('algebra invariants (fast-check)', () => {
  it('simplified equals unsimplified: canonical, factored and grouped forms keep the value', () => {
    fc.assert(
      fc.property(arbitraryExpr, arbitraryValues, (expr, values) => {
        const value = evaluate(expr, values);
        expect(evaluate(canonical(expr), values)).toBe(value);
        expect(evaluate(factored(expr), values)).toBe(value);
        expect(evaluate(groupedBy(expr, 'L'), values)).toBe(value);
      }),
      { numRuns: 300 },
    );
  });

  it('compiled equals interpreted, exactly, on both the number and the bigint path', () => {
    fc.assert(
      fc.property(arbitraryExpr, arbitraryValues, (expr, values) => {
        const compiled = compile(expr);
        const numbers = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Number(v)]));
        expect(compiled.evaluate(numbers)).toBe(evaluate(expr, values));
        expect(compiled.evaluate(values)).toBe(evaluate(expr, values));
      }),
      { numRuns: 300 },
    );
  });

  it('the canonical form is unique: equal polynomials print the same', () => {
    fc.assert(
      fc.property(arbitraryExpr, (expr) => {
        const once = canonical(expr);
        expect(canonical(once)).toEqual(once);
        expect(canonical(factored(expr))).toEqual(once);
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips through mathjs syntax', () => {
    fc.assert(
      fc.property(arbitraryExpr, (expr) => {
        let parsed: ReturnType<typeof parseFormula>;
        try {
          parsed = parseFormula(toMathjsString(expr));
        } catch (error) {
          // A formula past the input limits (src/limits.ts) is refused by design, not misread.
          fc.pre(!/above the limit/.test((error as Error).message));
          throw error;
        }
        expect(equivalent(parsed, expr)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
