import { canonical, toPolynomial } from '../expr/canonical.js';
import { evaluate, substitute, type Bindings } from '../expr/evaluate.js';
import { flatTerms } from '../expr/human-factor.js';
import { add, labelKey, mul, num, type Expr } from '../expr/nodes.js';
import type { SymbolOrder } from '../expr/polynomial.js';
import { sameTree, symbolsOf } from '../expr/visit.js';
import { childrenOf, definitionOf, formulaOf, type Part } from '../components/part.js';
import { tableOrder } from '../symbols/table.js';
import { factoringRules, notationRules } from './notation-rules.js';
import { isOnlyLabel, readsTheSame } from './same-reading.js';
import { StepKind, type Derivation, type Step, type ZeroPart } from './steps.js';
import { StructuredForms } from './structure.js';

/** How to derive: the values known so far and the order symbols are listed in. */
export interface DeriveOptions {
  bindings?: Bindings;
  order?: SymbolOrder;
  /** Closed forms to share between the derivations of one tree (made from `order` when absent). */
  forms?: StructuredForms;
}

/**
 * Derives one part's count in explicit steps: define it by its named parts, substitute their closed
 * forms, collect by structure, factor, bind the sizes, evaluate. A step that would repeat an earlier
 * one is left out, so a leaf reads `P = d·d + d = d·(d + 1)`, not the same line three times; a part
 * that holds nothing is said once beside the definition (`P_head = 0`), never as `+ 0`. The fully
 * expanded polynomial is kept as `expanded`: every step equals it, which is what the tests prove.
 *
 * The value is computed at once, the steps and the expanded form when first read: a command that
 * prints the memory or the FLOPs reads a model's derivations for nothing but their values.
 */
export function derive(part: Part, options: DeriveOptions = {}): Derivation {
  const order = options.order ?? tableOrder;
  const forms = options.forms ?? new StructuredForms(factoringRules(order));
  const bindings = options.bindings ?? {};
  const formula = formulaOf(part);
  const symbols = symbolsOf(formula);
  const known = Object.fromEntries(
    symbols.filter((n) => bindings[n] !== undefined).map((n) => [n, bindings[n]!]),
  );
  const complete = Object.keys(known).length === symbols.length;
  const value = complete ? evaluate(formula, bindings) : undefined;
  const zeros = zeroParts(part);
  let steps: readonly Step[] | undefined;
  let expanded: Expr | undefined;
  return {
    label: part.label,
    get steps() {
      steps ??= partSteps(part, forms, known, value, order);
      return steps;
    },
    get expanded() {
      expanded ??= canonical(formula, order);
      return expanded;
    },
    ...(value !== undefined ? { value } : {}),
    ...(part.kind === 'empty' ? { note: part.reason } : part.note ? { note: part.note } : {}),
    ...(zeros.length > 0 ? { zeros } : {}),
  };
}

/** The steps `derive` shows, each unlike every one before it. */
function partSteps(
  part: Part,
  forms: StructuredForms,
  known: Bindings,
  value: bigint | undefined,
  order: SymbolOrder,
): Step[] {
  const steps: Step[] = [];
  const push = (kind: StepKind, expr: Expr) => {
    if (isOnlyLabel(expr, part.label) || steps.some((earlier) => readsTheSame(earlier.expr, expr)))
      return;
    steps.push({ kind, expr });
  };
  push(StepKind.Define, definitionOf(sameCountInside(part)));
  push(StepKind.Substitute, substituted(part, forms));
  const collected = forms.collectedForm(part);
  const closed = forms.closedForm(part);
  // Collecting is a detour when the substituted sum is already the closed form, and no help when it
  // would only reorder a collected sum or run to very many terms.
  const detour = steps.some((earlier) => readsTheSame(earlier.expr, closed));
  if (
    !detour &&
    !isCollected(steps[steps.length - 1]!.expr) &&
    flatTerms(collected).length <= notationRules.maxCollectedTerms
  ) {
    push(StepKind.Collect, collected);
  }
  push(StepKind.Factor, closed);
  const bound = Object.keys(known).length > 0;
  if (bound) push(StepKind.Bind, substitute(namedPartsAsValues(closed, known), known));
  if (value !== undefined) push(StepKind.Evaluate, num(value));
  else if (bound) push(StepKind.Evaluate, canonical(substitute(formulaOf(part), known), order));
  return steps;
}

/** Derivations of a part (always first) and of every part below it that has parts of its own, depth first; a part equal to one already derived (same label, same formula) once. */
export function deriveAll(part: Part, options: DeriveOptions = {}): Derivation[] {
  const forms = options.forms ?? new StructuredForms(factoringRules(options.order ?? tableOrder));
  const out: Derivation[] = [];
  const seen = new Set<string>();
  const walk = (p: Part): void => {
    if (p.kind === 'tensor' && p !== part) return;
    const key = `${labelKey(p.label)}|${toPolynomial(formulaOf(p)).key}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(derive(p, { ...options, forms }));
    }
    childrenOf(p).forEach(walk);
  };
  walk(part);
  return out;
}

/**
 * The part whose parts define this one: itself, or, for a module that only wraps one part of the
 * same name and count (BERT's `intermediate` around its `dense`, both `P_up`), that part, so the
 * definition reads `P_up = W_up + b_up` rather than `P_up = P_up`.
 */
function sameCountInside(part: Part): Part {
  const children = childrenOf(part);
  const only = part.kind === 'sum' && children.length === 1 ? children[0]! : undefined;
  return only && labelKey(only.label) === labelKey(part.label) && childrenOf(only).length > 0
    ? sameCountInside(only)
    : part;
}

/**
 * The definition with each named part replaced by its closed form. Parts that hold only tensors are
 * written as their raw shapes (`d·d + d`); identical terms are grouped, so the four projections of
 * attention read `4(d·d + d)`; parts that hold nothing are left out (`zeroParts` says them).
 */
function substituted(part: Part, forms: StructuredForms): Expr {
  // `L·(d·(12d + 13))` reads better flattened: `L·d·(12d + 13)`; `E·(3·d·d_ff)` as `3·E·d·d_ff`.
  if (part.kind === 'repeat') return forms.countTimes(part.count, compactForm(part.child, forms));
  if (part.kind !== 'sum') return formulaOf(part);
  const groups: Array<{ expr: Expr; count: number }> = [];
  for (const child of part.children) {
    if (holdsNothing(child)) continue;
    const expr = compactForm(child, forms);
    const group = groups.find((g) => sameTree(g.expr, expr));
    if (group) group.count++;
    else groups.push({ expr, count: 1 });
  }
  return add(...groups.map((g) => (g.count === 1 ? g.expr : mul(num(g.count), g.expr))));
}

const holdsNothing = (part: Part) => toPolynomial(formulaOf(part)).isZero;

/** A sum's parts that hold nothing, left out of its substituted sum and said once with their reason. */
function zeroParts(part: Part): ZeroPart[] {
  if (part.kind !== 'sum') return [];
  return part.children
    .filter(holdsNothing)
    .map((child) => ({ label: child.label, reason: child.kind === 'empty' ? child.reason : '' }));
}

function compactForm(part: Part, forms: StructuredForms): Expr {
  const holdsOnlyTensors = part.kind === 'sum' && part.children.every((c) => c.kind === 'tensor');
  return holdsOnlyTensors || part.kind === 'tensor' ? formulaOf(part) : forms.closedForm(part);
}

/** Named sub-sums whose sizes are all known become their values, so a bound step reads as numbers. */
function namedPartsAsValues(expr: Expr, known: Bindings): Expr {
  switch (expr.kind) {
    case 'num':
    case 'sym':
    case 'pow':
      return expr;
    case 'add':
      return add(...expr.terms.map((t) => namedPartsAsValues(t, known)));
    case 'mul':
      return mul(...expr.factors.map((f) => namedPartsAsValues(f, known)));
    case 'ref':
      return symbolsOf(expr.body).every((n) => known[n] !== undefined)
        ? num(evaluate(expr.body, known))
        : expr;
  }
}

/** A sum of distinct monomials (in any order): nothing left to expand or combine. */
function isCollected(expr: Expr): boolean {
  const terms = expr.kind === 'add' ? expr.terms : [expr];
  const isMonomial = (t: Expr): boolean =>
    t.kind === 'num' ||
    t.kind === 'sym' ||
    (t.kind === 'pow' && t.base.kind === 'sym') ||
    (t.kind === 'mul' &&
      t.factors.every(
        (f) => f.kind !== 'add' && f.kind !== 'mul' && f.kind !== 'ref' && isMonomial(f),
      ));
  return terms.every(isMonomial) && toPolynomial(expr).terms.length === terms.length;
}
