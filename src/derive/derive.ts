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
  const factoredForm = factored(formula, order);
  const candidates: Step[] = [
    { kind: StepKind.Define, expr: definitionOf(part) },
    { kind: StepKind.Substitute, expr: substituted(part, order) },
    { kind: StepKind.Collect, expr: canonical(formula, order) },
    { kind: StepKind.Factor, expr: factoredForm },
  ];

  const bound = boundSymbols(formula, bindings);
  let value: bigint | undefined;
  if (bound.length > 0) {
    const known = Object.fromEntries(bound.map((name) => [name, bindings[name]!]));
    const withValues = substitute(factoredForm, known);
    candidates.push({ kind: StepKind.Bind, expr: withValues });
    if (bound.length === symbolsOf(formula).length) {
      value = evaluate(formula, bindings);
      candidates.push({ kind: StepKind.Evaluate, expr: num(value) });
    } else {
      candidates.push({ kind: StepKind.Evaluate, expr: canonical(withValues, order) });
    }
  } else if (symbolsOf(formula).length === 0) {
    value = evaluate(formula, {});
    candidates.push({ kind: StepKind.Evaluate, expr: num(value) });
  }

  const steps = candidates.filter((step, i) => i === 0 || !candidates.slice(0, i).some((earlier) => sameTree(earlier.expr, step.expr)));
  return {
    label: part.label,
    steps,
    ...(value !== undefined ? { value } : {}),
    ...(part.kind === 'empty' ? { note: part.reason } : {}),
  };
}

/** Derivations of a part and of every part below it that has parts of its own, depth first; a part equal to one already derived (same label, same formula) once. */
export function deriveAll(part: Part, options: DeriveOptions = {}): Derivation[] {
  const out: Derivation[] = [];
  const seen = new Set<string>();
  const walk = (p: Part): void => {
    if (p.kind === 'tensor') return;
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
  if (part.kind === 'repeat') return mul(part.count, compactFormula(part.child, order));
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

function boundSymbols(formula: Expr, bindings: Bindings): string[] {
  return symbolsOf(formula).filter((name) => bindings[name] !== undefined);
}
