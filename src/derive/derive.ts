import { canonical, toPolynomial } from '../expr/canonical.js';
import { evaluate, substitute, type Bindings } from '../expr/evaluate.js';
import { factored } from '../expr/factor.js';
import { add, mul, num, type Expr } from '../expr/nodes.js';
import { alphabetical, type SymbolOrder } from '../expr/polynomial.js';
import { sameTree, symbolsOf } from '../expr/visit.js';
import { childrenOf, definitionOf, formulaOf, type Part } from '../components/part.js';
import { StepKind, type Derivation, type Step } from './steps.js';

/** How to derive: the values known so far and the order symbols are listed in. */
export interface DeriveOptions {
  bindings?: Bindings;
  order?: SymbolOrder;
}

/**
 * Derives one part's count in explicit steps. A step that would print the same as the one before
 * it is left out, so a leaf reads `P = d·d + d = d² + d`, not the same line three times.
 */
export function derive(part: Part, options: DeriveOptions = {}): Derivation {
  const order = options.order ?? alphabetical;
  const bindings = options.bindings ?? {};
  const formula = formulaOf(part);
  const collected = canonical(formula, order);
  const factoredForm = factored(formula, order);

  const steps: Step[] = [];
  const push = (kind: StepKind, expr: Expr) => {
    if (!steps.some((earlier) => sameTree(earlier.expr, expr))) steps.push({ kind, expr });
  };
  push(StepKind.Define, definitionOf(part));
  push(StepKind.Substitute, substituted(part, order));
  // Collecting an already-collected sum would only reorder it.
  if (!isCollected(steps[steps.length - 1]!.expr)) push(StepKind.Collect, collected);
  // A factored form that factors nothing out is the collected form again.
  if (!sameTree(factoredForm, collected)) push(StepKind.Factor, factoredForm);

  const symbols = symbolsOf(formula);
  const known = Object.fromEntries(symbols.filter((n) => bindings[n] !== undefined).map((n) => [n, bindings[n]!]));
  const complete = Object.keys(known).length === symbols.length;
  if (Object.keys(known).length > 0) push(StepKind.Bind, substitute(steps[steps.length - 1]!.expr, known));
  const value = complete ? evaluate(formula, bindings) : undefined;
  if (value !== undefined) push(StepKind.Evaluate, num(value));
  else if (Object.keys(known).length > 0) push(StepKind.Evaluate, canonical(substitute(formula, known), order));

  return {
    label: part.label,
    steps,
    ...(value !== undefined ? { value } : {}),
    ...(part.kind === 'empty' ? { note: part.reason } : {}),
  };
}

/** Derivations of a part (always first) and of every part below it that has parts of its own, depth first; a part equal to one already derived (same label, same formula) once. */
export function deriveAll(part: Part, options: DeriveOptions = {}): Derivation[] {
  const out: Derivation[] = [];
  const seen = new Set<string>();
  const walk = (p: Part): void => {
    if (p.kind === 'tensor' && p !== part) return;
    const key = `${p.label.tex}|${toPolynomial(formulaOf(p)).orderedTerms().map((t) => `${t.coefficient}${t.powers.join()}`).join('+')}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(derive(p, options));
    }
    childrenOf(p).forEach(walk);
  };
  walk(part);
  return out;
}

/**
 * The definition with each named part replaced by its formula. Parts that hold only tensors are
 * written as their raw shapes (`d·d + d`), deeper ones in factored form; identical terms are grouped,
 * so the four projections of attention read `4(d·d + d)`.
 */
function substituted(part: Part, order: SymbolOrder): Expr {
  if (part.kind === 'repeat') {
    // `L·(d·(12d + 13))` reads better flattened: `L·d·(12d + 13)`.
    const child = compactFormula(part.child, order);
    return child.kind === 'mul' ? mul(part.count, ...child.factors) : mul(part.count, child);
  }
  if (part.kind !== 'sum') return formulaOf(part);
  const groups: Array<{ expr: Expr; count: number }> = [];
  for (const child of part.children) {
    const expr = compactFormula(child, order);
    const group = groups.find((g) => sameTree(g.expr, expr));
    if (group) group.count++;
    else groups.push({ expr, count: 1 });
  }
  return add(...groups.map((g) => (g.count === 1 ? g.expr : mul(num(g.count), g.expr))));
}

function compactFormula(part: Part, order: SymbolOrder): Expr {
  const holdsOnlyTensors = part.kind === 'sum' && part.children.every((c) => c.kind === 'tensor');
  return holdsOnlyTensors || part.kind === 'tensor' ? formulaOf(part) : factored(formulaOf(part), order);
}

/** A sum of distinct monomials (in any order): nothing left to expand or combine. */
function isCollected(expr: Expr): boolean {
  const terms = expr.kind === 'add' ? expr.terms : [expr];
  const isMonomial = (t: Expr): boolean =>
    t.kind === 'num' || t.kind === 'sym' || (t.kind === 'pow' && t.base.kind === 'sym') || (t.kind === 'mul' && t.factors.every((f) => f.kind !== 'add' && f.kind !== 'mul' && f.kind !== 'ref' && isMonomial(f)));
  return terms.every(isMonomial) && toPolynomial(expr).terms.length === terms.length;
}

