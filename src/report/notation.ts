import type { Expr } from '../expr/nodes.js';
import { toTex } from '../render/tex.js';
import { toText } from '../render/text.js';
import { tableTex, tableText } from '../symbols/table.js';
import type { Derivation } from '../derive/steps.js';

/** An expression in TeX, with the symbol table's names (`d_{\text{model}}`). */
export const tex = (expr: Expr): string => toTex(expr, { symbolTex: tableTex });

/** An expression in plain Unicode, with the symbol table's names. */
export const text = (expr: Expr): string => toText(expr, { symbolText: tableText });

/** A derivation's right-hand sides in order, each as TeX and as text. */
export function derivationLines(derivation: Derivation): Array<{ kind: string; tex: string; text: string }> {
  return derivation.steps.map((step) => ({ kind: step.kind, tex: tex(step.expr), text: text(step.expr) }));
}

/**
 * A derivation as a TeX `aligned` body: `P &= … \\ &= …`. A right-hand side longer than
 * `width` visible characters is broken before a top-level + or −, continuing on `&\quad + …`
 * lines, so it fits a page and a screen.
 */
export function alignedTex(derivation: Derivation, width = 78): string {
  return derivation.steps
    .map((step, i) => {
      const [first, ...rest] = wrappedTex(step.expr, width);
      const head = `${i === 0 ? derivation.label.tex + ' ' : ''}&= ${first}`;
      return [head, ...rest.map((line) => `&\\quad ${line}`)].join(' \\\\\n');
    })
    .join(' \\\\\n');
}

/** How wide TeX looks once set, roughly: commands and braces take no room. */
function visibleWidth(texSource: string): number {
  return texSource.replace(/\\(left|right|text|cdot|mathrm)\b/g, ' ').replace(/\\[a-zA-Z]+|[{}^_]/g, '').length;
}

/** A sum's terms, greedily packed into lines of at most `width`; anything else, one line. */
function wrappedTex(expr: Expr, width: number): string[] {
  const whole = tex(expr);
  if (expr.kind !== 'add' || visibleWidth(whole) <= width) return [whole];
  // Nested sums print without parentheses, so their terms are break points too.
  const flatten = (e: Expr): Expr[] => (e.kind === 'add' ? e.terms.flatMap(flatten) : [e]);
  const pieces = flatten(expr).map((term, i) => {
    const printed = tex(term);
    if (i === 0) return printed;
    return printed.startsWith('-') ? `- ${printed.slice(1)}` : `+ ${printed}`;
  });
  const lines: string[] = [];
  for (const piece of pieces) {
    const last = lines[lines.length - 1];
    if (last !== undefined && visibleWidth(`${last} ${piece}`) <= width) lines[lines.length - 1] = `${last} ${piece}`;
    else lines.push(piece);
  }
  return lines;
}

/** A derivation as text lines aligned on the equals signs. */
export function alignedText(derivation: Derivation): string[] {
  const pad = ' '.repeat([...derivation.label.text].length);
  return derivationLines(derivation).map((line, i) => `${i === 0 ? derivation.label.text : pad} = ${line.text}`);
}
