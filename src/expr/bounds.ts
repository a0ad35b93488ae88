import type { Expr } from './nodes.js';
import { visit } from './visit.js';

/**
 * Bounds on what an expression expands to, computed on its tree without expanding it: what the
 * limits (src/limits.ts) are checked against before any polynomial arithmetic starts.
 */

/** The degree an expression has once expanded (refs by their bodies): a bound checked before expanding it. */
export function degreeOf(expr: Expr): number {
  return visit<number>(expr, {
    num: () => 0,
    sym: () => 1,
    add: (a) => Math.max(0, ...a.terms.map(degreeOf)),
    mul: (m) => m.factors.reduce((sum, f) => sum + degreeOf(f), 0),
    pow: (p) => degreeOf(p.base) * p.exponent,
    ref: (r) => degreeOf(r.body),
  });
}

/** At most how many terms an expression expands to: `(n terms)^k` has at most C(n + k − 1, k). */
export function termsBound(expr: Expr): number {
  return visit<number>(expr, {
    num: () => 1,
    sym: () => 1,
    add: (a) => a.terms.reduce((sum, t) => sum + termsBound(t), 0),
    mul: (m) => m.factors.reduce((product, f) => product * termsBound(f), 1),
    pow: (p) => {
      const n = termsBound(p.base);
      let bound = 1;
      for (let i = 1; i <= p.exponent; i++) bound = (bound * (n + i - 1)) / i;
      return bound;
    },
    ref: (r) => termsBound(r.body),
  });
}
