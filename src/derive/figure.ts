import { canonical } from '../expr/canonical.js';
import { evaluate, substitute, type Bindings } from '../expr/evaluate.js';
import { add, mul, num, pow, type Expr, type Label } from '../expr/nodes.js';
import { sameTree, symbolsOf, visit } from '../expr/visit.js';
import { StepKind, type Derivation, type Step } from './steps.js';

/**
 * The derivation of a figure built from named counts (`M = 2·P_model`): define it over the names,
 * substitute each name's closed form (a ref's body), bind the sizes, evaluate. The same steps a
 * part's count takes, for formulas that are not parts: memory, compute.
 */
export function deriveFigure(label: Label, definition: Expr, bindings: Bindings): Derivation {
  const steps: Step[] = [];
  const push = (kind: StepKind, expr: Expr) => {
    if (!steps.some((earlier) => sameTree(earlier.expr, expr))) steps.push({ kind, expr });
  };
  push(StepKind.Define, definition);
  const opened = openRefs(definition);
  push(StepKind.Substitute, opened);
  const symbols = symbolsOf(opened);
  const known = Object.fromEntries(symbols.filter((n) => bindings[n] !== undefined).map((n) => [n, bindings[n]!]));
  const complete = symbols.every((n) => bindings[n] !== undefined);
  if (Object.keys(known).length > 0) push(StepKind.Bind, substitute(opened, known));
  const value = complete ? evaluate(opened, bindings) : undefined;
  if (value !== undefined) push(StepKind.Evaluate, num(value));
  return { label, steps, expanded: canonical(opened), ...(value !== undefined ? { value } : {}) };
}

/** The expression with every named count replaced by its formula. */
function openRefs(expr: Expr): Expr {
  return visit<Expr>(expr, {
    num: (n) => n,
    sym: (s) => s,
    add: (a) => add(...a.terms.map(openRefs)),
    mul: (m) => mul(...m.factors.map(openRefs)),
    pow: (p) => pow(openRefs(p.base), p.exponent),
    ref: (r) => r.body,
  });
}
