import { polynomialToExpr, termToExpr, toPolynomial } from './canonical.js';
import { add, mul, num, pow, sym, type Expr } from './nodes.js';
import { Polynomial, alphabetical, type Power, type SymbolOrder, type Term } from './polynomial.js';

/**
 * The factored form: the greatest common integer factor pulled out (`4d² + 4d → 4(d² + d)`);
 * where that factor is 1, the greatest common monomial instead (`dV + dP + 4d → d(V + P + 4)`).
 * Pulling only one of the two keeps the inner sum recognisable as the collected form.
 */
export function factored(expr: Expr, order: SymbolOrder = alphabetical): Expr {
  const poly = toPolynomial(expr);
  const common = poly.terms.length < 2 ? undefined : commonFactor(poly.terms, order);
  if (!common) return polynomialToExpr(poly, order);
  return mul(...common.factors, polynomialToExpr(common.quotient, order));
}

/**
 * The factor `factored` pulls out of a sum of two or more terms, and what is left: the integer
 * content when it is not 1, otherwise the common monomial; undefined when there is neither. With
 * `both`, the content and the monomial together (`4·L·d² + 6·L·d → 2·L·d·(2d + 3)`).
 */
export function commonFactor(
  terms: readonly Term[],
  order: SymbolOrder,
  both = false,
): { factors: Expr[]; quotient: Polynomial } | undefined {
  const content = signedContent(terms);
  const common = both || content === 1n ? commonMonomial(terms) : [];
  if (content === 1n && common.length === 0) return undefined;
  const monomial = [...common].sort((a, b) => order(a[0], b[0])).map(([n, e]) => pow(sym(n), e));
  return {
    factors: [...(content === 1n ? [] : [num(content)]), ...monomial],
    quotient: divideTerms(terms, content, common),
  };
}

/**
 * Groups the terms that contain `name` into `name·(…)`, the rest after it:
 * grouping `L·4d² + L·9d + 2d` by L gives `L(4d² + 9d) + 2d`.
 */
export function groupedBy(expr: Expr, name: string, order: SymbolOrder = alphabetical): Expr {
  const poly = toPolynomial(expr);
  const withName = poly.terms.filter((t) => t.powers.some(([n]) => n === name));
  if (withName.length === 0) return polynomialToExpr(poly, order);
  const rest = poly.terms.filter((t) => !withName.includes(t));
  const quotient = divideTerms(withName, 1n, [[name, 1]]);
  const grouped = mul(sym(name), polynomialToExpr(quotient, order));
  if (rest.length === 0) return grouped;
  return add(grouped, ...Polynomial.fromTerms(rest).orderedTerms(order).map(termToExpr));
}

/** The gcd of the coefficients, negative when every coefficient is. */
function signedContent(terms: readonly Term[]): bigint {
  const g = terms.reduce((acc, t) => gcd(acc, t.coefficient), 0n);
  return terms.every((t) => t.coefficient < 0n) ? -g : g;
}

function commonMonomial(terms: readonly Term[]): Power[] {
  const [first, ...rest] = terms;
  if (!first) return [];
  return first.powers
    .map(([name, e]): Power => {
      const least = rest.reduce(
        (m, t) => Math.min(m, t.powers.find(([n]) => n === name)?.[1] ?? 0),
        e,
      );
      return [name, least];
    })
    .filter(([, e]) => e > 0);
}

/** Divides every term by an integer and a monomial that divide it exactly. */
export function divideTerms(
  terms: readonly Term[],
  divisor: bigint,
  monomial: readonly Power[],
): Polynomial {
  return Polynomial.fromTerms(
    terms.map((t) => ({
      coefficient: t.coefficient / divisor,
      powers: t.powers
        .map(([n, e]): Power => [n, e - (monomial.find(([m]) => m === n)?.[1] ?? 0)])
        .filter(([, e]) => e > 0),
    })),
  );
}

/** Greatest common divisor of two bigints, always non-negative. */
export function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}
