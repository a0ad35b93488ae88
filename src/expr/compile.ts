import { toPolynomial } from './canonical.js';
import type { Expr } from './nodes.js';
import { UnboundSymbolError } from './evaluate.js';
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
  // A name Object.prototype has (`constructor`, `toString`) is read only as the values' own: checked
  // here, once, so every other read stays a plain property access.
  const read = (name: string) =>
    name in Object.prototype
      ? `(Object.hasOwn(v, ${JSON.stringify(name)}) ? v[${JSON.stringify(name)}] : undefined)`
      : `v[${JSON.stringify(name)}]`;
  const reads = symbols.map((name) => `const ${local.get(name)} = ${read(name)};`).join('\n');
  const checks = symbols
    .map((name) => `if (${local.get(name)} === undefined) unbound(${JSON.stringify(name)});`)
    .join('\n');

  const numberTerms = terms.map((t) => termCode(t, local, (c) => `${c}`));
  const numberBody = `${reads}
${numberTerms.map((code, i) => `const t${i} = ${code};`).join('\n')}
const bound = ${numberTerms.map((_, i) => `Math.abs(t${i})`).join(' + ') || '0'};
if (!(bound <= ${Number.MAX_SAFE_INTEGER})) { ${checks} overflow(); }
return ${numberTerms.map((_, i) => `t${i}`).join(' + ') || '0'};`;
  // The exact path, in one generated function: numbers when every input is one and the bound holds
  // (then one BigInt conversion), bigint arithmetic otherwise; no loops, no try/catch.
  const allNumbers =
    symbols.map((name) => `typeof ${local.get(name)} === 'number'`).join(' && ') || 'true';
  const exactBody = `${reads}
if (${allNumbers}) {
${numberTerms.map((code, i) => `const t${i} = ${code};`).join('\n')}
const bound = ${numberTerms.map((_, i) => `Math.abs(t${i})`).join(' + ') || '0'};
if (bound <= ${Number.MAX_SAFE_INTEGER}) return BigInt(${numberTerms.map((_, i) => `t${i}`).join(' + ') || '0'});
}
${checks}
${symbols.map((name) => `const b${local.get(name)} = BigInt(${local.get(name)});`).join('\n')}
return ${terms.map((t) => termCode(t, new Map(symbols.map((name) => [name, `b${local.get(name)}`])), (c) => `${c}n`)).join(' + ') || '0n'};`;

  const unbound = (name: string): never => {
    throw new UnboundSymbolError(name);
  };
  const overflow = (): never => {
    throw new RangeError('the count is beyond 2^53 - 1: use evaluate() for an exact bigint');
  };
  const numberFn = new Function('unbound', 'overflow', `return (v) => {\n${numberBody}\n}`)(
    unbound,
    overflow,
  ) as (v: Readonly<Record<string, number>>) => number;
  const exactFn = new Function('unbound', `return (v) => {\n${exactBody}\n}`)(unbound) as (
    v: Readonly<Record<string, number | bigint>>,
  ) => bigint;

  return { symbols, evaluateNumber: numberFn, evaluate: exactFn };
}

function termCode(term: Term, local: Map<string, string>, literal: (c: bigint) => string): string {
  const factors = term.powers.flatMap(([name, e]) => Array<string>(e).fill(local.get(name)!));
  if (term.coefficient !== 1n || factors.length === 0)
    factors.unshift(`(${literal(term.coefficient)})`);
  return factors.join(' * ');
}
