import type { Expr, Label, Num } from '../expr/nodes.js';
import { visit } from '../expr/visit.js';

/** Binding strength of each node kind when printed infix; higher binds tighter. */
const precedence = { add: 1, mul: 2, pow: 3, atom: 4 } as const;

/** How one output format writes each piece; the tree walk and the parentheses are shared. */
export interface InfixFormat {
  number(value: bigint): string;
  symbol(name: string): string;
  label(label: Label): string;
  group(inner: string): string;
  power(base: string, exponent: number): string;
  /** The operator between two factors; `left` and `right` are the nodes, to allow `4d` or `d·d`. */
  times(left: Expr, right: Expr): string;
  plus: string;
  minus: string;
  /** A leading minus sign, as in `-d`. */
  negate: string;
}

/** Prints an expression with the fewest parentheses the precedence table allows. */
export function printInfix(expr: Expr, format: InfixFormat): string {
  const print = (node: Expr): string =>
    visit<string>(node, {
      num: (n) => format.number(n.value),
      sym: (s) => format.symbol(s.name),
      ref: (r) => format.label(r.label),
      pow: (p) => format.power(wrap(p.base, precedence.atom), p.exponent),
      mul: (m) => {
        const { sign, factors } = splitSign(m.factors);
        const body = factors
          .map((f, i) => (i === 0 ? '' : format.times(factors[i - 1]!, f)) + wrap(f, precedence.mul))
          .join('');
        return sign < 0 ? format.negate + body : body;
      },
      add: (a) =>
        a.terms
          .map((t, i) => {
            const negative = isNegative(t);
            const shown = wrap(negative ? negated(t) : t, precedence.add);
            if (i === 0) return negative ? format.negate + shown : shown;
            return (negative ? format.minus : format.plus) + shown;
          })
          .join(''),
    });

  const wrap = (node: Expr, least: number): string => {
    const text = print(node);
    const own = strength(node);
    return own < least ? format.group(text) : text;
  };

  return print(expr);
}

function strength(node: Expr): number {
  switch (node.kind) {
    case 'add':
      return precedence.add;
    case 'mul':
      return precedence.mul;
    case 'pow':
      return precedence.pow;
    case 'num':
      return node.value < 0n ? precedence.add : precedence.atom;
    default:
      return precedence.atom;
  }
}

/** A product whose leading constant is negative prints as a subtraction. */
function isNegative(node: Expr): boolean {
  if (node.kind === 'num') return node.value < 0n;
  return node.kind === 'mul' && node.factors[0]?.kind === 'num' && node.factors[0].value < 0n;
}

function negated(node: Expr): Expr {
  if (node.kind === 'num') return { kind: 'num', value: -node.value };
  if (node.kind !== 'mul') return node;
  const [first, ...rest] = node.factors as [Num, ...Expr[]];
  if (first.value === -1n) return rest.length === 1 ? rest[0]! : { kind: 'mul', factors: rest };
  return { kind: 'mul', factors: [{ kind: 'num', value: -first.value }, ...rest] };
}

/** A product led by a negative constant prints as a minus sign before the positive product. */
function splitSign(factors: readonly Expr[]): { sign: number; factors: readonly Expr[] } {
  const first = factors[0];
  if (first?.kind !== 'num' || first.value >= 0n || factors.length < 2) return { sign: 1, factors };
  const rest = factors.slice(1);
  return { sign: -1, factors: first.value === -1n ? rest : [{ kind: 'num', value: -first.value }, ...rest] };
}
