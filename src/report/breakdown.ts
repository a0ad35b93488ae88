import { canonical } from '../expr/canonical.js';
import { evaluate, type Bindings } from '../expr/evaluate.js';
import { factored } from '../expr/factor.js';
import type { Expr, Label } from '../expr/nodes.js';
import type { SymbolOrder } from '../expr/polynomial.js';
import { symbolsOf } from '../expr/visit.js';
import { childrenOf, formulaOf, type Part } from '../components/part.js';

/** One row of the breakdown: a part with its formula, its value when known, and its children. */
export interface BreakdownNode {
  readonly part: Part;
  readonly key: string;
  readonly name: string;
  readonly label: Label;
  /** Factored form of the part's count. */
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
export function breakdown(part: Part, bindings: Bindings, order: SymbolOrder): BreakdownNode {
  const formula = formulaOf(part);
  const known = symbolsOf(formula).every((name) => bindings[name] !== undefined);
  return {
    part,
    key: part.key,
    name: part.name,
    label: part.label,
    formula: factored(formula, order),
    canonical: canonical(formula, order),
    ...(known ? { value: evaluate(formula, bindings) } : {}),
    ...(part.kind === 'repeat' ? { count: part.count } : {}),
    ...(part.kind === 'empty' ? { note: part.reason } : {}),
    children: childrenOf(part).map((c) => breakdown(c, bindings, order)),
  };
}

/** A value as a share of a total, in percent with one decimal: `33.3`. */
export function sharePercent(value: bigint, total: bigint): number {
  if (total === 0n) return 0;
  return Number((value * 10000n) / total) / 100;
}
