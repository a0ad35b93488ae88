import type { Expr, Label, Num } from '../expr/nodes.js';
import { visit } from '../expr/visit.js';

/** Binding strength of each node kind when printed infix; higher binds tighter. */
const precedence = { add: 1, mul: 2, pow: 3, atom: 4 } as const;

/** How one output format writes each piece; the tree walk and the parentheses are shared. */
export interface InfixFormat {
  number(value: bigint): string;
  symbol(name: string): string;
  label(label: Label): string;
  /** Parentheses around a group that stays on one line (`\left(`, `\right)` in TeX). */
  open: string;
  close: string;
  /** Parentheses around a group that a line break falls inside (TeX's `\left…\right` cannot span lines). */
  brokenOpen?: string;
  brokenClose?: string;
  power(base: string, exponent: number): string;
  /** The operator between two factors; `left` and `right` are the nodes, to allow `4d` or `d·d`. */
  times(left: Expr, right: Expr): string;
  plus: string;
  minus: string;
  /** A leading minus sign, as in `-d`. */
  negate: string;
}

/**
 * A run of printed text. `breakDepth` marks an operator a line may break before (the `+` or `−` of a
 * sum nested in that many parentheses); `group` and `role` mark the parentheses of one group.
 */
export interface Piece {
  text: string;
  breakDepth?: number;
  group?: number;
  role?: 'open' | 'close';
}

/** Prints an expression with the fewest parentheses the precedence table allows. */
export function printInfix(expr: Expr, format: InfixFormat): string {
  return infixPieces(expr, format)
    .map((p) => p.text)
    .join('');
}

/** The printed expression as pieces, with the places a line may break and the groups they fall in. */
export function infixPieces(expr: Expr, format: InfixFormat): Piece[] {
  let groups = 0;
  const print = (node: Expr, depth: number): Piece[] =>
    visit<Piece[]>(node, {
      num: (n) => [{ text: format.number(n.value) }],
      sym: (s) => [{ text: format.symbol(s.name) }],
      ref: (r) => [{ text: format.label(r.label) }],
      pow: (p) => {
        // A power's base is an atom or in parentheses; it never breaks.
        const base = wrap(p.base, precedence.atom, depth)
          .map((piece) => piece.text)
          .join('');
        return [{ text: format.power(base, p.exponent) }];
      },
      mul: (m) => {
        const { sign, factors } = splitSign(m.factors);
        const body = factors.flatMap((f, i) => {
          const printed = wrap(f, precedence.mul, depth);
          return i === 0 ? printed : [{ text: format.times(factors[i - 1]!, f) }, ...printed];
        });
        return sign < 0 ? [{ text: format.negate }, ...body] : body;
      },
      add: (a) =>
        a.terms.flatMap((t, i) => {
          const negative = isNegative(t);
          const shown = wrap(negative ? negated(t) : t, precedence.add, depth);
          if (i === 0) return negative ? [{ text: format.negate }, ...shown] : shown;
          return [{ text: negative ? format.minus : format.plus, breakDepth: depth }, ...shown];
        }),
    });

  const wrap = (node: Expr, least: number, depth: number): Piece[] => {
    if (strength(node) >= least) return print(node, depth);
    const group = groups++;
    return [
      { text: format.open, group, role: 'open' },
      ...print(node, depth + 1),
      { text: format.close, group, role: 'close' },
    ];
  };

  return print(expr, 0);
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
  return {
    sign: -1,
    factors: first.value === -1n ? rest : [{ kind: 'num', value: -first.value }, ...rest],
  };
}
