import { toPolynomial } from './canonical.js';
import type { Expr } from './nodes.js';
import { UnboundSymbolError, type Bindings } from './evaluate.js';
import type { Term } from './polynomial.js';

/** A formula compiled once for fast repeated evaluation. */
export interface CompiledFormula {
  /** The symbols the formula reads, sorted. */
  readonly symbols: readonly string[];
  /**
   * Evaluates with plain numbers, as fast as hand-written arithmetic. Exact whenever the result
   * is; throws a RangeError when a term leaves the range of safe integers (use `evaluate` there).
   */
  evaluateNumber(values: Readonly<Record<string, number>>): number;
  /** Evaluates exactly: the number path when it is exact, bigint arithmetic otherwise. */
  evaluate(values: Readonly<Record<string, number | bigint>>): bigint;
}

/**
 * Compiles an expression's canonical polynomial into JavaScript functions. The number path sums
 * the terms' magnitudes alongside, and trusts the result only while that bound is a safe integer,
 * so it can never return a rounded count.
 */
export function compile(expr: Expr): CompiledFormula {
  const terms = toPolynomial(expr).terms;
  const symbols = [...new Set(terms.flatMap((t) => t.powers.map(([n]) => n)))].sort();
  const local = new Map(symbols.map((name, i) => [name, `s${i}`]));
  const reads = symbols.map((name) => `const ${local.get(name)} = v[${JSON.stringify(name)}];`).join('\n');
  const checks = symbols
    .map((name) => `if (${local.get(name)} === undefined) unbound(${JSON.stringify(name)});`)
    .join('\n');

  const numberTerms = terms.map((t) => termCode(t, local, (c) => `${c}`));
  const bigintTerms = terms.map((t) => termCode(t, local, (c) => `${c}n`));
  const numberBody = `${reads}
${numberTerms.map((code, i) => `const t${i} = ${code};`).join('\n')}
const bound = ${numberTerms.map((_, i) => `Math.abs(t${i})`).join(' + ') || '0'};
if (!(bound <= ${Number.MAX_SAFE_INTEGER})) { ${checks} overflow(); }
return ${numberTerms.map((_, i) => `t${i}`).join(' + ') || '0'};`;
  const bigintBody = `${symbols.map((name) => `const ${local.get(name)} = BigInt(v[${JSON.stringify(name)}]);`).join('\n')}
return ${bigintTerms.join(' + ') || '0n'};`;

  const unbound = (name: string): never => {
    throw new UnboundSymbolError(name);
  };
  const overflow = (): never => {
    throw new RangeError('the count is beyond 2^53 - 1: use evaluate() for an exact bigint');
  };
  const numberFn = new Function('unbound', 'overflow', `return (v) => {\n${numberBody}\n}`)(unbound, overflow) as (
    v: Readonly<Record<string, number>>,
  ) => number;
  const bigintFn = new Function(`return (v) => {\n${bigintBody}\n}`)() as (v: Bindings) => bigint;

  return {
    symbols,
    evaluateNumber: numberFn,
    evaluate(values) {
      for (const name of symbols) if (values[name] === undefined) throw new UnboundSymbolError(name);
      if (symbols.every((name) => typeof values[name] === 'number')) {
        const result = tryNumber(numberFn, values as Record<string, number>);
        if (result !== undefined) return BigInt(result);
      }
      return bigintFn(values as unknown as Bindings);
    },
  };
}

function tryNumber(fn: (v: Readonly<Record<string, number>>) => number, values: Record<string, number>) {
  try {
    return fn(values);
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

function termCode(term: Term, local: Map<string, string>, literal: (c: bigint) => string): string {
  const factors = term.powers.flatMap(([name, e]) => Array<string>(e).fill(local.get(name)!));
  if (term.coefficient !== 1n || factors.length === 0) factors.unshift(`(${literal(term.coefficient)})`);
  return factors.join(' * ');
}
