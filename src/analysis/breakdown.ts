import { canonical } from '../expr/canonical.js';
import { evaluate, type Bindings } from '../expr/evaluate.js';
import type { Expr, Label } from '../expr/nodes.js';
import type { StructuredForms } from '../derive/structure.js';
import { symbolsOf } from '../expr/visit.js';
import { childrenOf, formulaOf, type Part } from '../components/part.js';

/** One row of the breakdown: a part with its formula, its value when known, and its children. */
export interface BreakdownNode {
  readonly part: Part;
  readonly key: string;
  readonly name: string;
  readonly label: Label;
  /** The part's closed form: structured by its repeated units and factored (as its derivation ends). */
  readonly formula: Expr;
  /** Canonical (collected) form of the part's count. */
  readonly canonical: Expr;
  readonly value?: bigint;
  /** How many copies a repeated part stands for, as an expression (`L`). */
  readonly count?: Expr;
  readonly note?: string;
  readonly children: readonly BreakdownNode[];
}

/** Builds the breakdown tree once; every printer reads it and none recomputes the math. */
export function breakdown(part: Part, bindings: Bindings, forms: StructuredForms): BreakdownNode {
  const formula = formulaOf(part);
  const known = symbolsOf(formula).every((name) => Object.hasOwn(bindings, name));
  return {
    part,
    key: part.key,
    name: part.name,
    label: part.label,
    formula: forms.closedForm(part),
    canonical: canonical(formula, forms.rules.order),
    ...(known ? { value: evaluate(formula, bindings) } : {}),
    ...(part.kind === 'repeat' ? { count: part.count } : {}),
    ...(part.kind === 'empty' ? { note: part.reason } : {}),
    children: childrenOf(part).map((c) => breakdown(c, bindings, forms)),
  };
}

/** A value as a share of a total, in percent with one decimal: `33.3`. */
export function sharePercent(value: bigint, total: bigint): number {
  if (total === 0n) return 0;
  return Number((value * 10000n) / total) / 100;
}
