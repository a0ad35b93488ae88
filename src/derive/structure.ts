import { polynomialToExpr, toPolynomial } from '../expr/canonical.js';
import { flatTerms, humanForm, orderedProduct, type FactoringRules } from '../expr/human-factor.js';
import { add, mul, ref, type Expr } from '../expr/nodes.js';
import { Polynomial } from '../expr/polynomial.js';
import { childrenOf, formulaOf, type Part } from '../components/part.js';
import { notationRules } from './notation-rules.js';

/** How far a form is taken: like terms collected, or also factored the way a person would. */
export type Finish = 'collect' | 'factor';

/** Copies of one unit: `count` layers (or blocks, or stacks), each made of `units`. */
interface Group {
  readonly count: Expr;
  readonly units: Part[];
}

/** A part split by its structure: repeated units under their counts, and what is counted once. */
interface Gathered {
  readonly groups: Group[];
  readonly once: Part[];
}

/**
 * Closed forms that follow the component tree: the terms of every repeated unit grouped under its
 * count (`L`, `L_enc`, `L_dense`, `L − L_dense`), the per-unit count collected or factored inside,
 * then what is counted once (embeddings, final norm, head). A count that is a difference of symbols
 * stays one factor, so no negative term ever appears. Forms are cached per part.
 */
export class StructuredForms {
  private readonly cache = {
    collect: new WeakMap<Part, Expr>(),
    factor: new WeakMap<Part, Expr>(),
  };

  constructor(readonly rules: FactoringRules) {}

  /** The part's count as a reader wants it last: structured and factored. */
  closedForm(part: Part): Expr {
    return this.form(part, 'factor');
  }

  /** The part's count collected by structure: per-unit sums expanded, not yet factored. */
  collectedForm(part: Part): Expr {
    return this.form(part, 'collect');
  }

  private form(part: Part, finish: Finish): Expr {
    const cached = this.cache[finish].get(part);
    if (cached) return cached;
    const { groups, once } = gather(part);
    const result =
      groups.length === 0
        ? this.unitForm([part], childrenOf(part), finish)
        : add(
            ...groups.map((g) =>
              this.countTimes(g.count, this.unitForm(g.units, g.units.flatMap(childrenOf), finish)),
            ),
            // What is counted once is factored by its widths; only a layer names its parts.
            ...(once.length === 0 ? [] : flatTerms(this.unitForm(once, [], finish))),
          );
    this.cache[finish].set(part, result);
    return result;
  }

  /**
   * The count of some parts taken together (a layer's modules, or what a model counts once): one
   * polynomial, collected or factored. When it has more summands than the table allows, the largest
   * composite `candidates` stay named (`P_MLA + …`), each derived in its own section. The choice is
   * made on the collected form, so both finishes name the same parts.
   */
  private unitForm(parts: readonly Part[], candidates: readonly Part[], finish: Finish): Expr {
    let remaining = sumOf(parts);
    const largestFirst = candidates
      .filter(isComposite)
      .map((part) => ({ part, poly: toPolynomial(formulaOf(part)) }))
      .sort((a, b) => b.poly.terms.length - a.poly.terms.length);
    const named: Expr[] = [];
    while (
      named.length + remaining.terms.length > notationRules.maxInlineTerms &&
      largestFirst.length > 0
    ) {
      const next = largestFirst.shift()!;
      named.push(ref(next.part.label, formulaOf(next.part)));
      remaining = remaining.plus(next.poly.scale(-1n));
    }
    if (named.length === 0) return this.finishPoly(remaining, finish);
    return add(
      ...named,
      ...(remaining.isZero ? [] : flatTerms(this.finishPoly(remaining, finish))),
    );
  }

  private finishPoly(poly: Polynomial, finish: Finish): Expr {
    return finish === 'collect'
      ? polynomialToExpr(poly, this.rules.order)
      : humanForm(poly, this.rules);
  }

  /** `count·unit`, written count first: `L·d·(…)`, `2·L·(…)`, `(L − L_dense)·(…)`. */
  countTimes(count: Expr, unit: Expr): Expr {
    if (isMonomial(count)) return orderedProduct([count, unit], this.rules.order);
    if (unit.kind !== 'mul') return mul(count, unit);
    const [first, ...rest] = unit.factors;
    return first!.kind === 'num' ? mul(first!, count, ...rest) : mul(count, ...unit.factors);
  }
}

/**
 * Splits a part into repeated units (under their counts, equal counts merged) and once-only parts.
 * Only plain groups are looked through: a module with a role (attention, a MoE, a norm) is a
 * component, whose count is one polynomial wherever it appears (its experts then read
 * `E·(3·d_ff + 1)`, grouped Horner-like with their router).
 */
function gather(part: Part): Gathered {
  const groups: Group[] = [];
  const once: Part[] = [];
  const walk = (p: Part): void => {
    if (p.kind === 'repeat') {
      const key = polynomialKey(p.count);
      const group = groups.find((g) => polynomialKey(g.count) === key);
      if (group) group.units.push(p.child);
      else groups.push({ count: p.count, units: [p.child] });
    } else if (p.kind === 'sum' && !p.role) p.children.forEach(walk);
    else if (p.kind !== 'empty') once.push(p);
  };
  walk(part);
  return { groups, once };
}

function sumOf(parts: readonly Part[]): Polynomial {
  return parts.reduce((sum, p) => sum.plus(toPolynomial(formulaOf(p))), Polynomial.zero);
}

const polynomialKey = (expr: Expr) => toPolynomial(expr).key;

/** A part made of modules that have parts of their own: it gets a section, so it can be named. */
function isComposite(part: Part): boolean {
  return childrenOf(part).some((c) => childrenOf(c).length > 0);
}

function isMonomial(expr: Expr): boolean {
  if (expr.kind === 'sym' || expr.kind === 'num') return true;
  if (expr.kind === 'pow') return expr.base.kind === 'sym';
  return expr.kind === 'mul' && expr.factors.every(isMonomial);
}
