import type { Expr } from '../expr/nodes.js';
import { infixPieces, printInfix } from '../render/infix-printer.js';
import { breakLines, type BrokenLine } from '../render/line-breaking.js';
import { texFormat, toTex } from '../render/tex.js';
import { textFormat, toText } from '../render/text.js';
import { tableTex, tableText } from '../symbols/table.js';
import { labelTex, labelText } from '../render/label.js';
import type { Derivation, ZeroPart } from '../derive/steps.js';
import { hanging } from './wrap.js';

/** An expression in TeX, with the symbol table's names (`d_{\text{model}}`). */
export const tex = (expr: Expr): string => toTex(expr, { symbolTex: tableTex });

/** An expression in plain Unicode, with the symbol table's names. */
export const text = (expr: Expr): string => toText(expr, { symbolText: tableText });

const texNames = texFormat({ symbolTex: tableTex });
const texBreakableNames = { ...texNames, open: '(', close: ')' };

/**
 * An expression in TeX for running text and table cells: plain parentheses instead of
 * `\left(…\right)`, so LaTeX and KaTeX may break an inline formula after any `+`, not only at its
 * outermost level.
 */
export const inlineTex = (expr: Expr): string => printInfix(expr, texBreakableNames);
const textNames = textFormat({ symbolText: tableText });

/** A derivation's right-hand sides in order, each as TeX and as text. */
export function derivationLines(
  derivation: Derivation,
): Array<{ kind: string; tex: string; text: string }> {
  return derivation.steps.map((step) => ({
    kind: step.kind,
    tex: tex(step.expr),
    text: text(step.expr),
  }));
}

/**
 * The width of text output, in columns: `COLUMNS` when set, else the terminal's own width when
 * writing to one, else 100 (pipes and files).
 */
export function terminalWidth(): number {
  const columns = Number(process.env.COLUMNS);
  if (Number.isInteger(columns) && columns >= 40) return columns;
  const tty = process.stdout.isTTY ? process.stdout.columns : undefined;
  return tty && tty >= 40 ? tty : 100;
}

/**
 * How wide TeX looks once set, in widths of a normal character, roughly: sub- and superscripts are
 * set small, `\cdot` and digit-group commas are narrow, relations and binary operators carry space
 * on both sides, other commands and braces take no room.
 */
export function visibleWidth(texSource: string): number {
  let width = 0;
  /** A replacer that removes what it matches and counts it as `w` characters wide. */
  const counted = (w: number) => () => {
    width += w;
    return '';
  };
  const rest = texSource
    .replace(/[_^](\{(?:[^{}]|\{[^{}]*\})*\}|[^{\\])/g, (script) => {
      width += 0.7 * plainLength(script.slice(1));
      return '';
    })
    .replace(/\\cdot/g, counted(1.5))
    .replace(/\{,\}/g, counted(0.3))
    .replace(/[+-]/g, counted(2.3))
    .replace(/=/g, counted(2.6));
  return width + plainLength(rest);
}

/** Characters that print, with commands, braces and spaces taken out. */
const plainLength = (tex: string) =>
  tex.replace(/\\(left|right|text|mathrm|quad|qquad)\b|\\[a-zA-Z]+|[{}\s]/g, '').length;

/**
 * A derivation as a TeX `aligned` body: `P &= … \\ &= …`. A line wider than `width` (in
 * `visibleWidth` units, about 14 px of KaTeX display math or 8 pt of 11 pt LaTeX; the label column
 * included) is broken at term boundaries, the outermost sum first, continuing on `&\quad + …` lines,
 * deeper breaks on `&\qquad + …`. The default, 60, fits the HTML document's column and a LaTeX
 * page with 2.2 cm margins.
 */
export function alignedTex(derivation: Derivation, width = 60): string {
  // In tenths, whole numbers (visibleWidth's are multiples of a tenth): a line's width is the sum
  // of its pieces', which floats would not add up exactly.
  const right = tenths(width) - pieceTenths(`${labelTex(derivation.label)}=`);
  const budget = {
    width: (depth: number) => right - (depth < 0 ? 0 : 15 + 15 * depth),
    measure: pieceTenths,
  };
  return derivation.steps
    .map((step, i) => {
      const [first, ...rest] = breakLines(infixPieces(step.expr, texNames), texNames, budget);
      const head = `${i === 0 ? `${labelTex(derivation.label)} ` : ''}&= ${first!.text}`;
      return [head, ...rest.map((line) => `&${texIndent(line)} ${line.text}`)].join(' \\\\\n');
    })
    .join(' \\\\\n');
}

/**
 * A piece's `visibleWidth` in tenths, by its text: the same symbols and numbers recur in every
 * formula of a document (or a note's blocks), and each measure is several regex passes. Bounded
 * for a long-running server: emptied when full.
 */
function pieceTenths(piece: string): number {
  let w = pieceWidths.get(piece);
  if (w === undefined) {
    if (pieceWidths.size >= mostPieceWidths) pieceWidths.clear();
    w = tenths(visibleWidth(piece));
    pieceWidths.set(piece, w);
  }
  return w;
}

const pieceWidths = new Map<string, number>();
const mostPieceWidths = 10_000;
const tenths = (width: number) => Math.round(10 * width);

const texIndent = (line: BrokenLine) =>
  line.depth <= 0 ? '\\quad' : `\\qquad${'\\quad'.repeat(line.depth - 1)}`;

/**
 * A derivation as text lines aligned on the equals signs, each within `width` columns where a term
 * boundary allows: continuation lines start with their `+` under the `=`, deeper ones further in.
 * Parts that hold nothing are said once, under the definition.
 */
export function alignedText(derivation: Derivation, width = terminalWidth()): string[] {
  const label = labelText(derivation.label);
  const pad = ' '.repeat([...label].length);
  const budget = {
    width: (depth: number) =>
      width - [...pad].length - (depth < 0 ? 3 : 1 + 4 * Math.max(depth, 0)),
    measure: (s: string) => [...s].length,
  };
  return derivation.steps.flatMap((step, i) => {
    const [first, ...rest] = breakLines(infixPieces(step.expr, textNames), textNames, budget);
    const lines = [
      `${i === 0 ? label : pad} = ${first!.text}`,
      ...rest.map((line) => `${pad} ${' '.repeat(4 * line.depth)}${line.text}`),
    ];
    return i === 0 ? [...lines, ...zeroLines(derivation.zeros, `${pad}   `, width)] : lines;
  });
}

/** `P_head = 0 — tied to the token embedding: …`, said once for a part that holds nothing. */
export function zeroText(zero: ZeroPart): string {
  return `${labelText(zero.label)} = 0${zero.reason ? ` — ${zero.reason}` : ''}`;
}

function zeroLines(
  zeros: readonly ZeroPart[] | undefined,
  indent: string,
  width: number,
): string[] {
  return (zeros ?? []).flatMap((z) => hanging(`(${zeroText(z)})`, width, indent, `${indent} `));
}
