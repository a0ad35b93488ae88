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

/**
 * Builds the breakdown tree once; every printer reads it and none recomputes the math. A node's
 * value is its children's, summed (or its copies', multiplied), so the tree is evaluated once, not
 * once a level; its formula and canonical form are made when first read (the memory and FLOPs
 * commands read the values alone).
 */
export function breakdown(part: Part, bindings: Bindings, forms: StructuredForms): BreakdownNode {
  const children = childrenOf(part).map((c) => breakdown(c, bindings, forms));
  const value = nodeValue(part, children, bindings);
  let formula: Expr | undefined;
  let canonicalForm: Expr | undefined;
  return {
    part,
    key: part.key,
    name: part.name,
    label: part.label,
    get formula() {
      formula ??= forms.closedForm(part);
      return formula;
    },
    get canonical() {
      canonicalForm ??= canonical(formulaOf(part), forms.rules.order);
      return canonicalForm;
    },
    ...(value !== undefined ? { value } : {}),
    ...(part.kind === 'repeat' ? { count: part.count } : {}),
    ...(part.kind === 'empty' ? { note: part.reason } : {}),
    children,
  };
}

/**
 * A part's value from its children's, as its formula adds them up (`formulaOf`): undefined when any
 * size it names has no value.
 */
function nodeValue(
  part: Part,
  children: readonly BreakdownNode[],
  bindings: Bindings,
): bigint | undefined {
  const known = (e: Expr) => symbolsOf(e).every((name) => Object.hasOwn(bindings, name));
  switch (part.kind) {
    case 'tensor': {
      const formula = formulaOf(part);
      return known(formula) ? evaluate(formula, bindings) : undefined;
    }
    case 'sum':
      return children.reduce<bigint | undefined>(
        (total, c) => (total === undefined || c.value === undefined ? undefined : total + c.value),
        0n,
      );
    case 'repeat': {
      const child = children[0]!.value;
      return child !== undefined && known(part.count)
        ? evaluate(part.count, bindings) * child
        : undefined;
    }
    case 'empty':
      return 0n;
  }
}

/** A value as a share of a total, in percent with one decimal: `33.3`. */
export function sharePercent(value: bigint, total: bigint): number {
  if (total === 0n) return 0;
  return Number((value * 10000n) / total) / 100;
}
