/**
 * Exact multivariate polynomials with bigint coefficients: the algebra mathjs lacks (its
 * `simplify` leaves `h*V + V*h` uncollected and its numbers are floats). Every canonical form,
 * factoring and equality test in the project goes through here.
 */

/** One symbol raised to a positive integer power. */
export type Power = readonly [name: string, exponent: number];

/** A coefficient times a monomial (powers sorted by symbol name, exponents positive). */
export interface Term {
  readonly coefficient: bigint;
  readonly powers: readonly Power[];
}

/** Orders symbol names; the default is alphabetical. */
export type SymbolOrder = (a: string, b: string) => number;

export const alphabetical: SymbolOrder = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

const monomialKey = (powers: readonly Power[]): string =>
  powers.map(([name, e]) => `${name}\u0000${e}`).join('\u0001');

/** An immutable polynomial; terms with a zero coefficient are never stored. */
export class Polynomial {
  private constructor(private readonly byMonomial: ReadonlyMap<string, Term>) {}

  static readonly zero = new Polynomial(new Map());

  static constant(value: bigint): Polynomial {
    return Polynomial.fromTerms([{ coefficient: value, powers: [] }]);
  }

  static symbol(name: string): Polynomial {
    return Polynomial.fromTerms([{ coefficient: 1n, powers: [[name, 1]] }]);
  }

  /** Sums terms, merging like monomials and dropping zeros. */
  static fromTerms(terms: Iterable<Term>): Polynomial {
    const merged = new Map<string, Term>();
    for (const term of terms) {
      if (term.coefficient === 0n) continue;
      const key = monomialKey(term.powers);
      const coefficient = (merged.get(key)?.coefficient ?? 0n) + term.coefficient;
      if (coefficient === 0n) merged.delete(key);
      else merged.set(key, { coefficient, powers: term.powers });
    }
    return new Polynomial(merged);
  }

  /** The terms, in no particular order (see `orderedTerms` for a canonical order). */
  get terms(): Term[] {
    return [...this.byMonomial.values()];
  }

  get isZero(): boolean {
    return this.byMonomial.size === 0;
  }

  /** The constant value, or undefined when the polynomial has any symbol. */
  get constantValue(): bigint | undefined {
    if (this.isZero) return 0n;
    const only = this.byMonomial.size === 1 ? this.terms[0] : undefined;
    return only && only.powers.length === 0 ? only.coefficient : undefined;
  }

  plus(other: Polynomial): Polynomial {
    // Sums start from zero (`toPolynomial` folds terms onto it): nothing to merge.
    if (this.isZero) return other;
    if (other.isZero) return this;
    return Polynomial.fromTerms([...this.terms, ...other.terms]);
  }

  times(other: Polynomial): Polynomial {
    // Products start from one: multiplying by it would rebuild every term for nothing.
    if (this.constantValue === 1n) return other;
    if (other.constantValue === 1n) return this;
    const products: Term[] = [];
    for (const a of this.terms) {
      for (const b of other.terms) {
        products.push({
          coefficient: a.coefficient * b.coefficient,
          powers: multiplyPowers(a.powers, b.powers),
        });
      }
    }
    return Polynomial.fromTerms(products);
  }

  scale(factor: bigint): Polynomial {
    return Polynomial.fromTerms(
      this.terms.map((t) => ({ ...t, coefficient: t.coefficient * factor })),
    );
  }

  power(exponent: number): Polynomial {
    let result = Polynomial.constant(1n);
    for (let i = 0; i < exponent; i++) result = result.times(this);
    return result;
  }

  equals(other: Polynomial): boolean {
    if (this.byMonomial.size !== other.byMonomial.size) return false;
    for (const [key, term] of this.byMonomial) {
      if (other.byMonomial.get(key)?.coefficient !== term.coefficient) return false;
    }
    return true;
  }

  /** Terms in canonical order: highest total degree first, then graded by `order`. */
  orderedTerms(order: SymbolOrder = alphabetical): Term[] {
    const sorted = this.terms.map((t) => ({
      ...t,
      powers: [...t.powers].sort((a, b) => order(a[0], b[0])),
    }));
    return sorted.sort((a, b) => compareTerms(a, b, order));
  }
}

/** Total degree of a monomial. */
export function degreeOf(powers: readonly Power[]): number {
  return powers.reduce((sum, [, e]) => sum + e, 0);
}

function multiplyPowers(a: readonly Power[], b: readonly Power[]): Power[] {
  const exponents = new Map<string, number>(a);
  for (const [name, e] of b) exponents.set(name, (exponents.get(name) ?? 0) + e);
  return [...exponents].sort((x, y) => alphabetical(x[0], y[0]));
}

/** Graded order: degree descending, then by the first symbol (in `order`) whose exponents differ. */
function compareTerms(a: Term, b: Term, order: SymbolOrder): number {
  const byDegree = degreeOf(b.powers) - degreeOf(a.powers);
  if (byDegree !== 0) return byDegree;
  const names = [...new Set([...a.powers, ...b.powers].map(([n]) => n))].sort(order);
  const exponent = (t: Term, name: string) => t.powers.find(([n]) => n === name)?.[1] ?? 0;
  for (const name of names) {
    const diff = exponent(b, name) - exponent(a, name);
    if (diff !== 0) return diff;
  }
  return 0;
}
