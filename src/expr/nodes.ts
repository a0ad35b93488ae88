/**
 * Expression trees for parameter counts. Nodes are plain immutable data; nothing here knows about
 * transformers or output formats. A tree is never simplified behind the caller's back, so
 * `(30522 + 2 + 512)·1024` stays exactly as written until someone asks for a canonical form.
 */

/**
 * One subscript of a label: a letter or a word (`Q`, `model`, `embed_tokens`). How it is set is one
 * rule of the printers (a letter or digit italic, a word upright); `upright` overrides the rule
 * where the meaning asks for it (`P_q`, q for quantized; the `2` of a numbered label).
 */
export interface Subscript {
  readonly name: string;
  readonly upright?: boolean;
}

/**
 * A printable name as structure, never as markup: a base (`P`, `W`, `γ`) and its subscripts, so
 * `P_{tr,dense}` is `{ base: 'P', subscripts: [tr, dense] }`. Each printer formats it
 * (`src/render/label.ts`); nothing that builds a label writes TeX.
 */
export interface Label {
  readonly base: string;
  readonly subscripts: readonly Subscript[];
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

/** A label from its base and subscripts, each a name or a subscript record: `label('P', 'attn')`. */
export function label(base: string, ...subscripts: readonly (string | Subscript)[]): Label {
  return {
    base,
    subscripts: subscripts.map((s) => (typeof s === 'string' ? { name: s } : s)),
  };
}

/** A subscript set upright whatever its length: `upright('q')` for `P_{\text{q}}`. */
export function upright(name: string): Subscript {
  return { name, upright: true };
}

/** A label with more subscripts after its own: `P_tr` qualified by `dense` is `P_{tr,dense}`. */
export function qualifiedLabel(base: Label, ...more: readonly Subscript[]): Label {
  return { base: base.base, subscripts: [...base.subscripts, ...more] };
}

/** A key that is equal for labels of equal structure, for maps and comparisons. */
export function labelKey(l: Label): string {
  return JSON.stringify([l.base, ...l.subscripts.map((s) => [s.name, s.upright])]);
}
