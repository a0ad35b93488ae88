/**
 * Expression trees for parameter counts. Nodes are plain immutable data; nothing here knows about
 * transformers or output formats. A tree is never simplified behind the caller's back, so
 * `(30522 + 2 + 512)·1024` stays exactly as written until someone asks for a canonical form.
 */

/** A printable name: how a label or symbol is written in LaTeX and in plain Unicode text. */
export interface Label {
  readonly tex: string;
  readonly text: string;
}

/** An exact integer constant. */
export interface Num {
  readonly kind: 'num';
  readonly value: bigint;
}

/** A named size, such as `d_model` or `V`. */
export interface Sym {
  readonly kind: 'sym';
  readonly name: string;
}

/** A sum of two or more terms, kept in the order written. */
export interface Add {
  readonly kind: 'add';
  readonly terms: readonly Expr[];
}

/** A product of two or more factors, kept in the order written. */
export interface Mul {
  readonly kind: 'mul';
  readonly factors: readonly Expr[];
}

/** A power with a non-negative integer exponent. */
export interface Pow {
  readonly kind: 'pow';
  readonly base: Expr;
  readonly exponent: number;
}

/**
 * A named part of a derivation, such as `P_Q`: printed as its label, evaluated as its body.
 * This is what lets `P_attn = P_Q + P_K + P_V + P_O` be a real, evaluable step.
 */
export interface Ref {
  readonly kind: 'ref';
  readonly label: Label;
  readonly body: Expr;
}

/** Every kind of expression node. */
export type Expr = Num | Sym | Add | Mul | Pow | Ref;

/** The names of all node kinds, for exhaustive visitors. */
export type ExprKind = Expr['kind'];

/** An integer constant from a bigint, a safe integer number, or a decimal string. */
export function num(value: bigint | number | string): Num {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new RangeError(`num() needs an exact integer, got ${value}`);
  }
  return { kind: 'num', value: BigInt(value) };
}

/** A symbol by name. */
export function sym(name: string): Sym {
  return { kind: 'sym', name };
}

/** A sum; a single term is returned as it is, no terms give 0. */
export function add(...terms: Expr[]): Expr {
  if (terms.length === 0) return num(0);
  if (terms.length === 1) return terms[0]!;
  return { kind: 'add', terms };
}

/** A product; a single factor is returned as it is, no factors give 1. */
export function mul(...factors: Expr[]): Expr {
  if (factors.length === 0) return num(1);
  if (factors.length === 1) return factors[0]!;
  return { kind: 'mul', factors };
}

/** A power with a non-negative integer exponent; exponent 1 returns the base. */
export function pow(base: Expr, exponent: number): Expr {
  if (!Number.isInteger(exponent) || exponent < 0) {
    throw new RangeError(`pow() needs a non-negative integer exponent, got ${exponent}`);
  }
  if (exponent === 1) return base;
  return { kind: 'pow', base, exponent };
}

/** The difference `a - b`, written as a sum with a negated term. */
export function sub(a: Expr, b: Expr): Expr {
  return add(a, neg(b));
}

/** The negation of an expression: `-x` is `(-1)·x`, and a constant flips its sign. */
export function neg(x: Expr): Expr {
  if (x.kind === 'num') return num(-x.value);
  if (x.kind === 'mul' && x.factors[0]?.kind === 'num') {
    const [first, ...rest] = x.factors as [Num, ...Expr[]];
    return first.value === -1n ? mul(...rest) : mul(num(-first.value), ...rest);
  }
  return mul(num(-1), x);
}

/** A named part whose value is its body. */
export function ref(label: Label, body: Expr): Ref {
  return { kind: 'ref', label, body };
}

/** Shorthand for a label whose TeX and text are given. */
export function label(tex: string, text: string): Label {
  return { tex, text };
}
