import type { Expr } from '../expr/nodes.js';
import { printInfix, type InfixFormat } from './infix-printer.js';
import { texCount } from './numbers.js';
import { labelTex } from './label.js';
import { defaultSymbolTex } from './symbol-naming.js';

/** Settings of the TeX printer. */
export interface TexOptions {
  /** TeX for a symbol name; falls back to the default naming (`d_model` → `d_{\text{model}}`). */
  symbolTex?: (name: string) => string | undefined;
}

/** Prints an expression as LaTeX math: `4\left(d^{2} + d\right)`, `1{,}050{,}624`. */
export function toTex(expr: Expr, options: TexOptions = {}): string {
  return printInfix(expr, texFormat(options));
}

/** The TeX printer's table for the infix printer (also for line breaking, `src/printers/notation.ts`). */
export function texFormat(options: TexOptions): InfixFormat {
  return {
    number: texCount,
    symbol: (name) => options.symbolTex?.(name) ?? defaultSymbolTex(name),
    label: labelTex,
    open: '\\left(',
    close: '\\right)',
    brokenOpen: '(',
    brokenClose: ')',
    // A base that already has a superscript (a tagged symbol, d^{enc}) is braced: x^{a}^{2} is an error.
    power: (base, exponent) => `${base.includes('^') ? `{${base}}` : base}^{${exponent}}`,
    // A constant followed by a letter or a parenthesis reads as a product on its own: `4d`, `4(…)`.
    times: (left, right) => (left.kind === 'num' && !startsWithNumber(right) ? '' : ' \\cdot '),
    plus: ' + ',
    minus: ' - ',
    negate: '-',
  };
}

function startsWithNumber(node: Expr): boolean {
  if (node.kind === 'num') return true;
  if (node.kind === 'pow') return startsWithNumber(node.base);
  if (node.kind === 'mul') return startsWithNumber(node.factors[0]!);
  return false;
}
