import { polynomialToExpr, termToExpr, toPolynomial } from './canonical.js';
import { commonFactor, divideTerms } from './factor.js';
import { add, mul, num, sym, type Expr } from './nodes.js';
import { Polynomial, type Power, type SymbolOrder, type Term } from './polynomial.js';

/**
 * How a person factors a sum, as data. The core knows no transformer: which symbols are counts and
 * which are widths is the caller's table (see `src/derive/notation-rules.ts`).
 */
export interface FactoringRules {
  /** Order of symbols within a product and of like-degree terms within a sum. */
  readonly order: SymbolOrder;
  /**
   * Symbols a sum is grouped under, Horner-like, outermost first: the terms that hold `E` become
   * `E·(3·d_ff + 1)`, the rest follow.
   */
  readonly groupUnder: readonly string[];
  /** Symbols a long sum may be partly factored by, most preferred first: `d·(V + P + 5) + V`. */
  readonly factorBy: readonly string[];
  /** A flat sum with more summands than this is partly factored by one of `factorBy`. */
  readonly maxFlatTerms: number;
  /**
   * The integer content and the common monomial are both pulled out when at least this many terms
   * stay inside (`2·d·(2·n_h·d_h + d_ff + 1)`); below it only one is (`4(d² + d)`, not `4d(d + 1)`:
   * a two-term sum already reads as weight plus bias).
   */
  readonly pullBothFrom: number;
}

/**
 * The form a lecture note would write: the common factor pulled out (as `factored` does), then the
 * terms grouped under count symbols, then, if still long, partly factored by the width that most
 * terms share. Equal to the input as a polynomial, always.
 *
 * `3·E·d·d_ff + E·d + 2·d·n_h·d_h + 2·d` → `d·(E·(3·d_ff + 1) + 2·n_h·d_h + 2)`
 */
export function humanFactored(expr: Expr, rules: FactoringRules): Expr {
  return humanForm(toPolynomial(expr), rules);
}

/** `humanFactored` of a polynomial. */
export function humanForm(poly: Polynomial, rules: FactoringRules): Expr {
  const terms = poly.terms;
  if (terms.length < 2) return polynomialToExpr(poly, rules.order);
  const both = commonFactor(terms, rules.order, true);
  const common =
    both && both.quotient.terms.length >= rules.pullBothFrom
      ? both
      : commonFactor(terms, rules.order);
  if (!common) return grouped(terms, rules);
  return orderedProduct([...common.factors, grouped(common.quotient.terms, rules)], rules.order);
}

/** Horner-like grouping by count symbols, then partial factoring of what is still long. */
function grouped(terms: readonly Term[], rules: FactoringRules): Expr {
  if (terms.length < 2) return polynomialToExpr(Polynomial.fromTerms(terms), rules.order);
  // The rules list every count and width of the table (some two hundred); a sum holds a few.
  const present = symbolsIn(terms);
  for (const name of inRuleOrder(present, rules.groupUnder)) {
    const holding = terms.filter((t) => hasSymbol(t, name));
    if (holding.length >= 2 && holding.length < terms.length)
      return split(terms, holding, name, rules);
  }
  if (terms.length > rules.maxFlatTerms) {
    const best = mostShared(terms, rules.factorBy, present);
    if (best)
      return split(
        terms,
        terms.filter((t) => hasSymbol(t, best)),
        best,
        rules,
      );
  }
  return polynomialToExpr(Polynomial.fromTerms(terms), rules.order);
}

/** `name·(quotient of the holding terms) + (the rest)`. */
function split(
  terms: readonly Term[],
  holding: readonly Term[],
  name: string,
  rules: FactoringRules,
): Expr {
  const rest = terms.filter((t) => !holding.includes(t));
  const quotient = divideTerms(holding, 1n, [[name, 1]]);
  const head = orderedProduct([sym(name), humanForm(quotient, rules)], rules.order);
  return add(head, ...flatTerms(grouped(rest, rules)));
}

/** The factor-by symbol that most terms hold (at least two, not all), earliest in `candidates` on a tie. */
function mostShared(
  terms: readonly Term[],
  candidates: readonly string[],
  present: ReadonlySet<string>,
): string | undefined {
  let best: string | undefined;
  let bestCount = 1;
  for (const name of inRuleOrder(present, candidates)) {
    const count = terms.filter((t) => hasSymbol(t, name)).length;
    if (count > bestCount && count < terms.length) [best, bestCount] = [name, count];
  }
  return best;
}

/**
 * The names of `present` that `list` holds, in the list's order. A sum holds a few symbols and the
 * lists some two hundred: walking the few keeps `grouped` cool enough that V8 does not spend a
 * TurboFan compile on it (some 70 M instructions, more than the derivation's own factoring).
 */
function inRuleOrder(present: ReadonlySet<string>, list: readonly string[]): string[] {
  const rank = rankIn(list);
  return [...present].filter((n) => rank.has(n)).sort((a, b) => rank.get(a)! - rank.get(b)!);
}

const ranks = new WeakMap<readonly string[], Map<string, number>>();

/** Each name's first index in `list`, made once a list (the rules are made once an order). */
function rankIn(list: readonly string[]): Map<string, number> {
  let rank = ranks.get(list);
  if (rank === undefined) {
    rank = new Map();
    for (const [i, name] of list.entries()) if (!rank.has(name)) rank.set(name, i);
    ranks.set(list, rank);
  }
  return rank;
}

const hasSymbol = (term: Term, name: string) => term.powers.some(([n]) => n === name);

/** The symbols some term holds. */
function symbolsIn(terms: readonly Term[]): Set<string> {
  const names = new Set<string>();
  for (const t of terms) for (const [name] of t.powers) names.add(name);
  return names;
}

/** The summands of a sum, or the expression alone. */
export function flatTerms(expr: Expr): Expr[] {
  return expr.kind === 'add' ? expr.terms.flatMap(flatTerms) : [expr];
}

/**
 * A product written the conventional way: constants multiplied and first, then single symbols and
 * their powers in `order`, then everything else (sums, named parts) in the order given.
 * `L·(2·d·(…))` → `2·L·d·(…)`.
 */
export function orderedProduct(factors: readonly Expr[], order: SymbolOrder): Expr {
  const flat = factors.flatMap((f) => (f.kind === 'mul' ? f.factors : [f]));
  let constant = 1n;
  const powers: Power[] = [];
  const others: Expr[] = [];
  for (const f of flat) {
    if (f.kind === 'num') constant *= f.value;
    else if (f.kind === 'sym') powers.push([f.name, 1]);
    else if (f.kind === 'pow' && f.base.kind === 'sym') powers.push([f.base.name, f.exponent]);
    else others.push(f);
  }
  if (constant === 0n) return num(0);
  const merged = mergePowers(powers).sort((a, b) => order(a[0], b[0]));
  const monomial = termToExpr({ coefficient: constant, powers: merged });
  if (others.length === 0) return monomial;
  const lead =
    monomial.kind === 'num' && monomial.value === 1n
      ? []
      : monomial.kind === 'mul'
        ? monomial.factors
        : [monomial];
  return mul(...lead, ...others);
}

function mergePowers(powers: readonly Power[]): Power[] {
  const exponents = new Map<string, number>();
  for (const [name, e] of powers) exponents.set(name, (exponents.get(name) ?? 0) + e);
  return [...exponents].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}
