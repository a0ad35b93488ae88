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

/** A key equal for equal monomials (powers sorted by name). */
function monomialKey(powers: readonly Power[]): string {
  let key = '';
  for (let i = 0; i < powers.length; i++) {
    const [name, e] = powers[i]!;
    key += i === 0 ? `${name}\u0000${e}` : `\u0001${name}\u0000${e}`;
  }
  return key;
}

/** Adds a term under its key, merging a like one and dropping a zero (as `fromTerms` does). */
function addTerm(merged: Map<string, Term>, key: string, term: Term): void {
  const coefficient = (merged.get(key)?.coefficient ?? 0n) + term.coefficient;
  if (coefficient === 0n) merged.delete(key);
  else merged.set(key, { coefficient, powers: term.powers });
}

/**
 * An immutable polynomial; terms with a zero coefficient are never stored. Every derivation expands
 * and adds whole model formulas, so sums and products reuse the keys of the terms they keep.
 */
export class Polynomial {
  private termList: Term[] | undefined;
  private keyText: string | undefined;

  private constructor(private readonly byMonomial: ReadonlyMap<string, Term>) {}

  static readonly zero = new Polynomial(new Map());

  static constant(value: bigint): Polynomial {
    if (value === 0n) return Polynomial.zero;
    return new Polynomial(new Map([['', { coefficient: value, powers: [] }]]));
  }

  static symbol(name: string): Polynomial {
    const powers: Power[] = [[name, 1]];
    return new Polynomial(new Map([[monomialKey(powers), { coefficient: 1n, powers }]]));
  }

  /** Sums terms, merging like monomials and dropping zeros. */
  static fromTerms(terms: Iterable<Term>): Polynomial {
    const merged = new Map<string, Term>();
    for (const term of terms) {
      if (term.coefficient === 0n) continue;
      addTerm(merged, monomialKey(term.powers), term);
    }
    return new Polynomial(merged);
  }

  /**
   * The terms, in no particular order (see `orderedTerms` for a canonical order). The same array
   * at every call: it is the caller's to read, not to change.
   */
  get terms(): Term[] {
    this.termList ??= [...this.byMonomial.values()];
    return this.termList;
  }

  get isZero(): boolean {
    return this.byMonomial.size === 0;
  }

  /** The constant value, or undefined when the polynomial has any symbol. */
  get constantValue(): bigint | undefined {
    if (this.isZero) return 0n;
    if (this.byMonomial.size !== 1) return undefined;
    return this.byMonomial.get('')?.coefficient;
  }

  plus(other: Polynomial): Polynomial {
    // Sums start from zero (`toPolynomial` folds terms onto it): nothing to merge.
    if (this.isZero) return other;
    if (other.isZero) return this;
    const merged = new Map(this.byMonomial);
    for (const [key, term] of other.byMonomial) addTerm(merged, key, term);
    return new Polynomial(merged);
  }

  times(other: Polynomial): Polynomial {
    // Products start from one: multiplying by it would rebuild every term for nothing.
    const left = this.constantValue;
    if (left === 1n) return other;
    const right = other.constantValue;
    if (right === 1n) return this;
    // A constant factor scales every term and keeps its monomial (and key).
    if (left !== undefined) return other.scale(left);
    if (right !== undefined) return this.scale(right);
    const merged = new Map<string, Term>();
    for (const a of this.terms) {
      for (const b of other.terms) {
        const coefficient = a.coefficient * b.coefficient;
        if (coefficient === 0n) continue;
        const powers = multiplyPowers(a.powers, b.powers);
        addTerm(merged, monomialKey(powers), { coefficient, powers });
      }
    }
    return new Polynomial(merged);
  }

  scale(factor: bigint): Polynomial {
    if (factor === 0n) return Polynomial.zero;
    if (factor === 1n) return this;
    const scaled = new Map<string, Term>();
    for (const [key, t] of this.byMonomial)
      scaled.set(key, { coefficient: t.coefficient * factor, powers: t.powers });
    return new Polynomial(scaled);
  }

  power(exponent: number): Polynomial {
    let result = Polynomial.constant(1n);
    for (let i = 0; i < exponent; i++) result = result.times(this);
    return result;
  }

  /**
   * A string equal for equal polynomials and only for them, for maps and sets of counts (cheaper
   * than printing the terms in order: the monomials' keys are sorted as strings).
   */
  get key(): string {
    this.keyText ??= [...this.byMonomial]
      .map(([monomial, t]) => `${monomial}\u0002${t.coefficient}`)
      .sort()
      .join('\u0003');
    return this.keyText;
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
    const sorted = this.terms.map((t) => {
      const powers = [...t.powers].sort((a, b) => order(a[0], b[0]));
      return { term: { ...t, powers }, degree: degreeOf(powers) };
    });
    sorted.sort(
      (a, b) => b.degree - a.degree || compareMonomials(a.term.powers, b.term.powers, order),
    );
    return sorted.map((s) => s.term);
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

/**
 * Two monomials of one degree, each with its powers sorted by `order`: by the first symbol (in
 * `order`) whose exponents differ, the higher exponent first. Walked side by side, a symbol only
 * one of them has is that first symbol (its exponent there is 0).
 */
function compareMonomials(a: readonly Power[], b: readonly Power[], order: SymbolOrder): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [nameA, expA] = a[i]!;
    const [nameB, expB] = b[j]!;
    const first = order(nameA, nameB);
    if (first < 0) return -expA;
    if (first > 0) return expB;
    if (expA !== expB) return expB - expA;
    i++;
    j++;
  }
  if (i < a.length) return -a[i]![1];
  if (j < b.length) return b[j]![1];
  return 0;
}
