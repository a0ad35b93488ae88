import { add, mul, num, pow, sym, type Expr } from './nodes.js';
import { Polynomial, alphabetical, type SymbolOrder, type Term } from './polynomial.js';

/**
 * Expansions already made, by tree: trees are immutable and shared (a part's formula holds its
 * children's), and a derivation expands the same subtrees again and again (every step, every
 * ancestor), so each is expanded once.
 */
const expansions = new WeakMap<Expr, Polynomial>();

/** Expands an expression into an exact polynomial (refs are expanded to their bodies). */
export function toPolynomial(expr: Expr): Polynomial {
  let polynomial = expansions.get(expr);
  if (polynomial === undefined) {
    polynomial = expand(expr);
    expansions.set(expr, polynomial);
  }
  return polynomial;
}

function expand(expr: Expr): Polynomial {
  switch (expr.kind) {
    case 'num':
      return Polynomial.constant(expr.value);
    case 'sym':
      return Polynomial.symbol(expr.name);
    case 'add':
      return expr.terms.reduce((sum, t) => sum.plus(toPolynomial(t)), Polynomial.zero);
    case 'mul':
      return expr.factors.reduce(
        (product, f) => product.times(toPolynomial(f)),
        Polynomial.constant(1n),
      );
    case 'pow':
      return toPolynomial(expr.base).power(expr.exponent);
    case 'ref':
      return toPolynomial(expr.body);
  }
}

/** One term as an expression: `4·d²`, `-d`, `7`. */
export function termToExpr(term: Term): Expr {
  const powers = term.powers.map(([name, e]) => pow(sym(name), e));
  if (powers.length === 0) return num(term.coefficient);
  if (term.coefficient === 1n) return mul(...powers);
  return mul(num(term.coefficient), ...powers);
}

/** A polynomial as a sum of terms in canonical order (highest degree first). */
export function polynomialToExpr(poly: Polynomial, order: SymbolOrder = alphabetical): Expr {
  if (poly.isZero) return num(0);
  return add(...poly.orderedTerms(order).map(termToExpr));
}

/**
 * The canonical form: expanded, like terms collected, exact integer coefficients, a stable order.
 * Two expressions are equal exactly when their canonical forms are the same tree.
 */
export function canonical(expr: Expr, order: SymbolOrder = alphabetical): Expr {
  let byOrder = canonicalForms.get(expr);
  if (byOrder === undefined) {
    byOrder = new Map();
    canonicalForms.set(expr, byOrder);
  }
  let form = byOrder.get(order);
  if (form === undefined) {
    form = polynomialToExpr(toPolynomial(expr), order);
    byOrder.set(order, form);
  }
  return form;
}

/** Canonical forms already made, by tree and symbol order (a derivation asks for the same again). */
const canonicalForms = new WeakMap<Expr, Map<SymbolOrder, Expr>>();

/** Whether two expressions are equal as polynomials (for every value of every symbol). */
export function equivalent(a: Expr, b: Expr): boolean {
  return toPolynomial(a).equals(toPolynomial(b));
}
