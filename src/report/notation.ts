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

/** A derivation as a TeX `aligned` body: `P &= … \\ &= …`. */
export function alignedTex(derivation: Derivation): string {
  const lines = derivationLines(derivation);
  return lines.map((line, i) => `${i === 0 ? derivation.label.tex + ' ' : ''}&= ${line.tex}`).join(' \\\\\n');
}

/** A derivation as text lines aligned on the equals signs. */
export function alignedText(derivation: Derivation): string[] {
  const pad = ' '.repeat([...derivation.label.text].length);
  return derivationLines(derivation).map((line, i) => `${i === 0 ? derivation.label.text : pad} = ${line.text}`);
}
