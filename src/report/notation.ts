import type { Expr } from '../expr/nodes.js';
import { infixPieces } from '../render/infix-printer.js';
import { breakLines, type BrokenLine } from '../render/line-breaking.js';
import { texFormat, toTex } from '../render/tex.js';
import { textFormat, toText } from '../render/text.js';
import { tableTex, tableText } from '../symbols/table.js';
import type { Derivation, ZeroPart } from '../derive/steps.js';

/** An expression in TeX, with the symbol table's names (`d_{\text{model}}`). */
export const tex = (expr: Expr): string => toTex(expr, { symbolTex: tableTex });

/** An expression in plain Unicode, with the symbol table's names. */
export const text = (expr: Expr): string => toText(expr, { symbolText: tableText });

const texNames = texFormat({ symbolTex: tableTex });
const textNames = textFormat({ symbolText: tableText });

/** A derivation's right-hand sides in order, each as TeX and as text. */
export function derivationLines(derivation: Derivation): Array<{ kind: string; tex: string; text: string }> {
  return derivation.steps.map((step) => ({ kind: step.kind, tex: tex(step.expr), text: text(step.expr) }));
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

/** How wide TeX looks once set, roughly: commands and braces take no room. */
export function visibleWidth(texSource: string): number {
  return texSource.replace(/\\(left|right|text|cdot|mathrm)\b/g, ' ').replace(/\\[a-zA-Z]+|[{}^_]/g, '').length;
}

/**
 * A derivation as a TeX `aligned` body: `P &= … \\ &= …`. A right-hand side wider than `width`
 * visible characters is broken at term boundaries (the outermost sum first), continuing on
 * `&\quad + …` lines, deeper breaks on `&\qquad + …`, so it fits a page and a screen.
 */
export function alignedTex(derivation: Derivation, width = 78): string {
  const budget = { width: (depth: number) => width - (depth < 0 ? 0 : 4 + 4 * depth), measure: visibleWidth };
  return derivation.steps
    .map((step, i) => {
      const [first, ...rest] = breakLines(infixPieces(step.expr, texNames), texNames, budget);
      const head = `${i === 0 ? derivation.label.tex + ' ' : ''}&= ${first!.text}`;
      return [head, ...rest.map((line) => `&${texIndent(line)} ${line.text}`)].join(' \\\\\n');
    })
    .join(' \\\\\n');
}

const texIndent = (line: BrokenLine) => (line.depth <= 0 ? '\\quad' : `\\qquad${'\\quad'.repeat(line.depth - 1)}`);

/**
 * A derivation as text lines aligned on the equals signs, each within `width` columns where a term
 * boundary allows: continuation lines start with their `+` under the `=`, deeper ones further in.
 * Parts that hold nothing are said once, under the definition.
 */
export function alignedText(derivation: Derivation, width = terminalWidth()): string[] {
  const label = derivation.label.text;
  const pad = ' '.repeat([...label].length);
  const budget = {
    width: (depth: number) => width - [...pad].length - (depth < 0 ? 3 : 1 + 4 * Math.max(depth, 0)),
    measure: (s: string) => [...s].length,
  };
  return derivation.steps.flatMap((step, i) => {
    const [first, ...rest] = breakLines(infixPieces(step.expr, textNames), textNames, budget);
    const lines = [`${i === 0 ? label : pad} = ${first!.text}`, ...rest.map((line) => `${pad} ${' '.repeat(4 * line.depth)}${line.text}`)];
    return i === 0 ? [...lines, ...zeroLines(derivation.zeros, `${pad}   `)] : lines;
  });
}

/** `P_head = 0 — tied to the token embedding: …`, said once for a part that holds nothing. */
export function zeroText(zero: ZeroPart): string {
  return `${zero.label.text} = 0${zero.reason ? ` — ${zero.reason}` : ''}`;
}

function zeroLines(zeros: readonly ZeroPart[] | undefined, indent: string): string[] {
  return (zeros ?? []).map((z) => `${indent}(${zeroText(z)})`);
}
