import { canonical } from '../expr/canonical.js';
import { evaluate, substitute, type Bindings } from '../expr/evaluate.js';
import { add, label, labelKey, mul, num, pow, type Expr, type Label } from '../expr/nodes.js';
import { symbolsOf } from '../expr/visit.js';
import { isOnlyLabel, readsTheSame } from './same-reading.js';
import { StepKind, type Derivation, type Step } from './steps.js';

/**
 * Named counts that are derived in a section or figure of their own: a figure that names one uses its
 * value (`M_weights = 2·P_model = 2·6,738,415,616`), never expands it again. Other names (the narrowed
 * matrices `P_q`, the non-embedding `N`) are opened, since their formula is not written elsewhere.
 */
export const derivedElsewhere: ReadonlySet<string> = new Set(
  [label('P', 'model'), label('P', 'active'), label('M', 'states'), label('M', 'act')].map(
    labelKey,
  ),
);

/** How a figure is derived, beyond its definition. */
export interface DeriveFigureOptions {
  /**
   * The definition with its names replaced by their formulas, simplified by the caller, when opening
   * the names one by one would not read well (`16·(P_model − P_q)` as one sum, not a difference of two).
   */
  readonly opened?: Expr;
}

/**
 * The derivation of a figure built from named counts (`M = 2·P_model`): define it over the names,
 * substitute each name's closed form (a ref's body) or, for a count derived elsewhere, its value,
 * bind the sizes, evaluate. The same steps a part's count takes, for formulas that are not parts:
 * memory, compute.
 *
 * The value is computed at once; the steps and the expanded proof when first read. Most figures
 * made are read for their value alone (a fit's search derives the memory at fifty sizes, and
 * prints none of them), and their steps cost many times the value.
 */
export function deriveFigure(
  label: Label,
  definition: Expr,
  bindings: Bindings,
  options: DeriveFigureOptions = {},
): Derivation {
  const value = figureValue(options.opened ?? definition, bindings);
  let steps: readonly Step[] | undefined;
  let expanded: Expr | undefined;
  return {
    label,
    get steps() {
      steps ??= figureSteps(label, definition, bindings, options, value);
      return steps;
    },
    get expanded() {
      expanded ??= canonical(openRefs(definition, Infinity));
      return expanded;
    },
    ...(value !== undefined ? { value } : {}),
  };
}

/**
 * The figure's value when every size it names is known. Opening the names first (as the steps do)
 * changes no value: a name evaluates as its body.
 */
function figureValue(expr: Expr, bindings: Bindings): bigint | undefined {
  return symbolsOf(expr).every((n) => bindings[n] !== undefined)
    ? evaluate(expr, bindings)
    : undefined;
}

/** The steps `deriveFigure` shows, each unlike every one before it. */
function figureSteps(
  label: Label,
  definition: Expr,
  bindings: Bindings,
  options: DeriveFigureOptions,
  value: bigint | undefined,
): Step[] {
  const steps: Step[] = [];
  const push = (kind: StepKind, expr: Expr) => {
    if (!isOnlyLabel(expr, label) && !steps.some((earlier) => readsTheSame(earlier.expr, expr)))
      steps.push({ kind, expr });
  };
  push(StepKind.Define, definition);
  const valued = options.opened ?? withKnownValues(definition, bindings);
  // One level first (P_model → its closed form, named sub-sums such as P_attn kept), then all of them.
  const kindOf = (e: Expr) => (symbolsOf(e).length === 0 ? StepKind.Bind : StepKind.Substitute);
  const onceOpened = openRefs(valued, 1);
  push(kindOf(onceOpened), onceOpened);
  const opened = openRefs(valued, Infinity);
  push(kindOf(opened), opened);
  const symbols = symbolsOf(opened);
  const known = Object.fromEntries(
    symbols.filter((n) => bindings[n] !== undefined).map((n) => [n, bindings[n]!]),
  );
  if (Object.keys(known).length > 0) push(StepKind.Bind, substitute(opened, known));
  if (value !== undefined) push(StepKind.Evaluate, num(value));
  return steps;
}

/** The expression with each count derived elsewhere whose sizes are all known replaced by its value. */
function withKnownValues(expr: Expr, bindings: Bindings): Expr {
  switch (expr.kind) {
    case 'num':
    case 'sym':
      return expr;
    case 'add':
      return add(...expr.terms.map((t) => withKnownValues(t, bindings)));
    case 'mul':
      return mul(...expr.factors.map((f) => withKnownValues(f, bindings)));
    case 'pow':
      return pow(withKnownValues(expr.base, bindings), expr.exponent);
    case 'ref':
      return derivedElsewhere.has(labelKey(expr.label)) &&
        symbolsOf(expr.body).every((n) => bindings[n] !== undefined)
        ? num(evaluate(expr.body, bindings))
        : expr;
  }
}

/**
 * The expression with named counts replaced by their formulas, `depth` levels deep. A subtree with
 * no name in it comes back as the very same tree, so a formula opened at every call (a model's
 * `P_model` inside each memory figure) is one that was expanded before (`toPolynomial` keeps its
 * expansions by tree), not a copy to expand again.
 */
function openRefs(expr: Expr, depth: number): Expr {
  switch (expr.kind) {
    case 'num':
    case 'sym':
      return expr;
    case 'add': {
      const terms = expr.terms.map((t) => openRefs(t, depth));
      return terms.every((t, i) => t === expr.terms[i]) ? expr : add(...terms);
    }
    case 'mul': {
      const factors = expr.factors.map((f) => openRefs(f, depth));
      return factors.every((f, i) => f === expr.factors[i]) ? expr : mul(...factors);
    }
    case 'pow': {
      const base = openRefs(expr.base, depth);
      return base === expr.base ? expr : pow(base, expr.exponent);
    }
    case 'ref':
      return depth > 1 ? openRefs(expr.body, depth - 1) : expr.body;
  }
}
