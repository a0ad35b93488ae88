import { add, mul, num, pow, ref, type Expr } from './nodes.js';
import { visit } from './visit.js';

/** Values for symbols: exact integers. */
export type Bindings = Readonly<Record<string, bigint>>;

/** Thrown when an expression is evaluated while a symbol it uses has no value. */
export class UnboundSymbolError extends Error {
  constructor(readonly symbol: string) {
    super(`symbol '${symbol}' has no value`);
    this.name = 'UnboundSymbolError';
  }
}

/** Evaluates exactly, as a bigint. An unbound symbol throws `UnboundSymbolError` naming it. */
export function evaluate(expr: Expr, values: Bindings): bigint {
  return visit<bigint>(expr, {
    num: (n) => n.value,
    sym: (s) => {
      // (own values only: a symbol named `constructor` is unbound, not Object's constructor)
      const value = Object.hasOwn(values, s.name) ? values[s.name] : undefined;
      if (value === undefined) throw new UnboundSymbolError(s.name);
      return value;
    },
    add: (a) => a.terms.reduce((sum, t) => sum + evaluate(t, values), 0n),
    mul: (m) => m.factors.reduce((product, f) => product * evaluate(f, values), 1n),
    pow: (p) => evaluate(p.base, values) ** BigInt(p.exponent),
    ref: (r) => evaluate(r.body, values),
  });
}

/** What a symbol may be replaced by: another expression or an exact integer. */
export type Substitution = Readonly<Record<string, Expr | bigint>>;

/**
 * Replaces symbols by expressions or numbers, keeping the tree's shape otherwise, so that
 * `4(d² + d)` with d = 512 reads `4(512² + 512)`. Symbols not mentioned stay as they are.
 */
export function substitute(expr: Expr, replacements: Substitution): Expr {
  return visit<Expr>(expr, {
    num: (n) => n,
    sym: (s) => {
      const r = Object.hasOwn(replacements, s.name) ? replacements[s.name] : undefined;
      if (r === undefined) return s;
      return typeof r === 'bigint' ? num(r) : r;
    },
    add: (a) => add(...a.terms.map((t) => substitute(t, replacements))),
    mul: (m) => mul(...m.factors.map((f) => substitute(f, replacements))),
    pow: (p) => pow(substitute(p.base, replacements), p.exponent),
    ref: (r) => ref(r.label, substitute(r.body, replacements)),
  });
}
