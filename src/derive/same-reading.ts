import { labelKey, type Expr, type Label } from '../expr/nodes.js';
import { sameTree } from '../expr/visit.js';

/**
 * Whether two steps would print the same: equal trees once a sum inside a sum and a product inside a
 * product are flattened (the printers set them without parentheses: `d·(n_h·d_h)` reads `d·n_h·d_h`),
 * a named part compared by its name alone (it prints as its label). A derivation shows no step that
 * reads like the one before it, `P_Q = W_Q = d·n_h·d_h = d·n_h·d_h`.
 */
export function readsTheSame(a: Expr, b: Expr): boolean {
  return sameTree(asRead(a), asRead(b));
}

/** Whether a step is only the label it derives (`P_up = P_up`). */
export function isOnlyLabel(expr: Expr, label: Label): boolean {
  return expr.kind === 'ref' && labelKey(expr.label) === labelKey(label);
}

/** Steps as read, kept by step (not every subtree): each step is compared with every later one. */
const readings = new WeakMap<Expr, Expr>();

function asRead(expr: Expr): Expr {
  let reading = readings.get(expr);
  if (reading === undefined) {
    reading = readingOf(expr);
    readings.set(expr, reading);
  }
  return reading;
}

function readingOf(expr: Expr): Expr {
  switch (expr.kind) {
    case 'add':
      return {
        kind: 'add',
        terms: expr.terms.map(readingOf).flatMap((t) => (t.kind === 'add' ? t.terms : [t])),
      };
    case 'mul':
      return {
        kind: 'mul',
        factors: expr.factors.map(readingOf).flatMap((f) => (f.kind === 'mul' ? f.factors : [f])),
      };
    case 'pow':
      return { ...expr, base: readingOf(expr.base) };
    case 'ref':
      // Its body does not print; only its name does.
      return { kind: 'ref', label: expr.label, body: { kind: 'num', value: 0n } };
    default:
      return expr;
  }
}
