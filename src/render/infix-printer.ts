import type { Expr, Label, Num } from '../expr/nodes.js';

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
  let printed = '';
  walkInfix(expr, format, (text) => {
    printed += text;
  });
  return printed;
}

/** The printed expression as pieces, with the places a line may break and the groups they fall in. */
export function infixPieces(expr: Expr, format: InfixFormat): Piece[] {
  const pieces: Piece[] = [];
  walkInfix(expr, format, (text, breakDepth, group, role) => {
    if (breakDepth !== undefined) pieces.push({ text, breakDepth });
    else if (group !== undefined) pieces.push({ text, group, role: role! });
    else pieces.push({ text });
  });
  return pieces;
}

/** Receives the printed text in order, with a piece's marks (see `Piece`). */
type Emit = (text: string, breakDepth?: number, group?: number, role?: 'open' | 'close') => void;

/**
 * The one walk both printers share. It hands each run of text to `emit` instead of building
 * arrays of pieces a level and concatenating them (a cold start printed a derivation's formulas
 * through thousands of short-lived arrays and visitor objects).
 */
function walkInfix(expr: Expr, format: InfixFormat, output: Emit): void {
  let groups = 0;
  let emit = output;
  const print = (node: Expr, depth: number): void => {
    switch (node.kind) {
      case 'num':
        emit(format.number(node.value));
        return;
      case 'sym':
        emit(format.symbol(node.name));
        return;
      case 'ref':
        emit(format.label(node.label));
        return;
      case 'pow': {
        // A power's base is an atom or in parentheses; it never breaks.
        let base = '';
        const outer = emit;
        emit = (text) => {
          base += text;
        };
        wrap(node.base, precedence.atom, depth);
        emit = outer;
        emit(format.power(base, node.exponent));
        return;
      }
      case 'mul': {
        const { sign, factors } = splitSign(node.factors);
        if (sign < 0) emit(format.negate);
        factors.forEach((f, i) => {
          if (i > 0) emit(format.times(factors[i - 1]!, f));
          wrap(f, precedence.mul, depth);
        });
        return;
      }
      case 'add':
        node.terms.forEach((t, i) => {
          const negative = isNegative(t);
          if (i === 0) {
            if (negative) emit(format.negate);
          } else emit(negative ? format.minus : format.plus, depth);
          wrap(negative ? negated(t) : t, precedence.add, depth);
        });
        return;
      default:
        // Every kind is handled above: the compiler reports one added to `Expr` and not here.
        node satisfies never;
    }
  };

  const wrap = (node: Expr, least: number, depth: number): void => {
    if (strength(node) >= least) {
      print(node, depth);
      return;
    }
    const group = groups++;
    emit(format.open, undefined, group, 'open');
    print(node, depth + 1);
    emit(format.close, undefined, group, 'close');
  };

  print(expr, 0);
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
