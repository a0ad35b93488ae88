import type { MathNode } from 'mathjs';
import { add, mul, neg, num, pow, sym, type Expr } from './nodes.js';
import { visit } from './visit.js';
import { loadMathjs } from './mathjs-loader.js';
import { limits } from '../limits.js';
import { degreeOf, termsBound } from './bounds.js';

/** Bridges to mathjs for parsing user formulas and for interop (mathjs is loaded on first use). */

/** Thrown when a formula is not a polynomial with integer coefficients. */
export class FormulaError extends Error {
  constructor(
    readonly formula: string,
    readonly reason: string,
  ) {
    super(`formula '${formula}': ${reason}`);
    this.name = 'FormulaError';
  }
}

/**
 * Parses a formula such as `4*(d_model^2 + d_model)` with mathjs into an expression tree, within
 * the limits of `limits.ts` (length, nesting, exponent, degree), so no formula can hang the tool.
 */
export function parseFormula(formula: string): Expr {
  if (formula.length > limits.formulaLength)
    throw new FormulaError(
      shorten(formula),
      `${formula.length} characters, above the limit of ${limits.formulaLength}`,
    );
  let depth = 0;
  let deepest = 0;
  for (const c of formula) {
    if (c === '(') deepest = Math.max(deepest, ++depth);
    else if (c === ')') depth--;
  }
  if (deepest > limits.formulaDepth)
    throw new FormulaError(
      shorten(formula),
      `parentheses nested ${deepest} deep, above the limit of ${limits.formulaDepth}`,
    );
  let node: MathNode;
  try {
    node = loadMathjs().parse(formula);
  } catch (error) {
    throw new FormulaError(formula, (error as Error).message);
  }
  const expr = fromMathjs(node, formula);
  const degree = degreeOf(expr);
  if (degree > limits.degree)
    throw new FormulaError(
      shorten(formula),
      `its polynomial has degree ${degree}, above the limit of ${limits.degree}`,
    );
  const terms = termsBound(expr);
  if (terms > limits.terms)
    throw new FormulaError(
      shorten(formula),
      `it may expand to ${terms > 1e12 ? terms.toExponential(1) : Math.round(terms)} terms, above the limit of ${limits.terms.toLocaleString('en-US')}`,
    );
  return expr;
}

const shorten = (formula: string) => (formula.length > 60 ? `${formula.slice(0, 57)}…` : formula);

/** Converts a mathjs node (+, -, *, ^ with integer exponents, integer constants, symbols). */
export function fromMathjs(node: MathNode, source = node.toString()): Expr {
  const fail = (reason: string): never => {
    throw new FormulaError(source, reason);
  };
  const convert = (n: MathNode): Expr => {
    switch (n.type) {
      case 'ConstantNode': {
        const value = (n as unknown as { value: unknown }).value;
        if (typeof value === 'bigint') return num(value);
        if (typeof value === 'number' && Number.isSafeInteger(value)) return num(value);
        return fail(`${String(value)} is not an integer constant (expected a whole number)`);
      }
      case 'SymbolNode':
        return sym((n as unknown as { name: string }).name);
      case 'ParenthesisNode':
        return convert((n as unknown as { content: MathNode }).content);
      case 'OperatorNode':
        return convertOperator(n as unknown as { fn: string; op: string; args: MathNode[] });
      default:
        return fail(`${n.type} is not supported (expected +, -, *, ^, integers and symbols)`);
    }
  };
  const convertOperator = (n: { fn: string; op: string; args: MathNode[] }): Expr => {
    const args = n.args.map(convert);
    switch (n.fn) {
      case 'add':
        return add(...args);
      case 'subtract':
        return add(args[0]!, neg(args[1]!));
      case 'multiply':
        return mul(...args);
      case 'unaryMinus':
        return neg(args[0]!);
      case 'unaryPlus':
        return args[0]!;
      case 'pow': {
        const exponent = args[1]!;
        if (exponent.kind !== 'num' || exponent.value < 0n)
          return fail('an exponent must be a non-negative integer');
        if (exponent.value > BigInt(limits.exponent))
          return fail(`the exponent ${exponent.value} is above the limit of ${limits.exponent}`);
        return pow(args[0]!, Number(exponent.value));
      }
      default:
        return fail(`the operator '${n.op}' is not supported (expected +, -, * or ^)`);
    }
  };
  return convert(node);
}

/** Writes an expression in mathjs syntax (refs expand to their bodies). */
export function toMathjsString(expr: Expr): string {
  return visit<string>(expr, {
    num: (n) => (n.value < 0n ? `(${n.value})` : `${n.value}`),
    sym: (s) => s.name,
    add: (a) => `(${a.terms.map(toMathjsString).join(' + ')})`,
    mul: (m) => m.factors.map(toMathjsString).join(' * '),
    pow: (p) => {
      const base = toMathjsString(p.base);
      const atomic = p.base.kind === 'sym' || (p.base.kind === 'num' && p.base.value >= 0n);
      return `${atomic ? base : `(${base})`}^${p.exponent}`;
    },
    ref: (r) => `(${toMathjsString(r.body)})`,
  });
}

/**
 * Converts an expression into a mathjs node tree, for use with mathjs's own functions. It is parsed
 * by `math` when given (any mathjs instance), else by our `{ number: 'bigint' }` instance, so
 * constants beyond 2^53 stay exact.
 */
export function toMathjs(expr: Expr, math?: { parse(text: string): MathNode }): MathNode {
  const parser = math ?? loadMathjs();
  return parser.parse(toMathjsString(expr));
}
