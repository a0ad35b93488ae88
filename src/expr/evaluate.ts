import { add, mul, num, pow, ref, type Expr } from './nodes.js';

/** Values for symbols: exact integers. */
export type Bindings = Readonly<Record<string, bigint>>;

/** Thrown when an expression is evaluated while a symbol it uses has no value. */
export class UnboundSymbolError extends Error {
  constructor(readonly symbol: string) {
    super(`symbol '${symbol}' has no value`);
    this.name = 'UnboundSymbolError';
  }
}

/**
 * Evaluates exactly, as a bigint. An unbound symbol throws `UnboundSymbolError` naming it. A switch
 * rather than a visitor: every figure evaluates whole model formulas, and a visitor's handlers
 * would be made anew at every node.
 */
export function evaluate(expr: Expr, values: Bindings): bigint {
  switch (expr.kind) {
    case 'num':
      return expr.value;
    case 'sym': {
      // (own values only: a symbol named `constructor` is unbound, not Object's constructor)
      const value = Object.hasOwn(values, expr.name) ? values[expr.name] : undefined;
      if (value === undefined) throw new UnboundSymbolError(expr.name);
      return value;
    }
    case 'add': {
      let sum = 0n;
      for (const t of expr.terms) sum += evaluate(t, values);
      return sum;
    }
    case 'mul': {
      let product = 1n;
      for (const f of expr.factors) product *= evaluate(f, values);
      return product;
    }
    case 'pow':
      return evaluate(expr.base, values) ** BigInt(expr.exponent);
    case 'ref':
      return evaluate(expr.body, values);
  }
}

/** What a symbol may be replaced by: another expression or an exact integer. */
export type Substitution = Readonly<Record<string, Expr | bigint>>;

/**
 * Replaces symbols by expressions or numbers, keeping the tree's shape otherwise, so that
 * `4(d² + d)` with d = 512 reads `4(512² + 512)`. Symbols not mentioned stay as they are.
 */
export function substitute(expr: Expr, replacements: Substitution): Expr {
  switch (expr.kind) {
    case 'num':
      return expr;
    case 'sym': {
      const r = Object.hasOwn(replacements, expr.name) ? replacements[expr.name] : undefined;
      if (r === undefined) return expr;
      return typeof r === 'bigint' ? num(r) : r;
    }
    case 'add':
      return add(...expr.terms.map((t) => substitute(t, replacements)));
    case 'mul':
      return mul(...expr.factors.map((f) => substitute(f, replacements)));
    case 'pow':
      return pow(substitute(expr.base, replacements), expr.exponent);
    case 'ref':
      return ref(expr.label, substitute(expr.body, replacements));
  }
}
