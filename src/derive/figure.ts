import { canonical } from '../expr/canonical.js';
import { evaluate, substitute, type Bindings } from '../expr/evaluate.js';
import { add, mul, num, pow, type Expr, type Label } from '../expr/nodes.js';
import { symbolsOf, visit } from '../expr/visit.js';
import { isOnlyLabel, readsTheSame } from './same-reading.js';
import { StepKind, type Derivation, type Step } from './steps.js';

/**
 * The derivation of a figure built from named counts (`M = 2·P_model`): define it over the names,
 * substitute each name's closed form (a ref's body), bind the sizes, evaluate. The same steps a
 * part's count takes, for formulas that are not parts: memory, compute.
 */
export function deriveFigure(label: Label, definition: Expr, bindings: Bindings): Derivation {
  const steps: Step[] = [];
  const push = (kind: StepKind, expr: Expr) => {
    if (!isOnlyLabel(expr, label) && !steps.some((earlier) => readsTheSame(earlier.expr, expr))) steps.push({ kind, expr });
  };
  push(StepKind.Define, definition);
  // One level first (P_model → its closed form, named sub-sums such as P_attn kept), then all of them.
  push(StepKind.Substitute, openRefs(definition, 1));
  const opened = openRefs(definition, Infinity);
  push(StepKind.Substitute, opened);
  const symbols = symbolsOf(opened);
  const known = Object.fromEntries(symbols.filter((n) => bindings[n] !== undefined).map((n) => [n, bindings[n]!]));
  const complete = symbols.every((n) => bindings[n] !== undefined);
  if (Object.keys(known).length > 0) push(StepKind.Bind, substitute(opened, known));
  const value = complete ? evaluate(opened, bindings) : undefined;
  if (value !== undefined) push(StepKind.Evaluate, num(value));
  return { label, steps, expanded: canonical(opened), ...(value !== undefined ? { value } : {}) };
}

/** The expression with named counts replaced by their formulas, `depth` levels deep. */
function openRefs(expr: Expr, depth: number): Expr {
  const open = (e: Expr) => openRefs(e, depth);
  return visit<Expr>(expr, {
    num: (n) => n,
    sym: (s) => s,
    add: (a) => add(...a.terms.map(open)),
    mul: (m) => mul(...m.factors.map(open)),
    pow: (p) => pow(open(p.base), p.exponent),
    ref: (r) => (depth > 1 ? openRefs(r.body, depth - 1) : r.body),
  });
}
