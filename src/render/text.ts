import type { Expr } from '../expr/nodes.js';
import { printInfix, type InfixFormat } from './infix-printer.js';
import { labelText } from './label.js';
import { formatCount } from './numbers.js';
import { defaultSymbolText } from './symbol-naming.js';

const superscriptDigits = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** Settings of the plain-text printer. */
export interface TextOptions {
  /** Unicode for a symbol name; the name itself by default. */
  symbolText?: (name: string) => string | undefined;
}

/** Prints an expression as plain Unicode for terminals: `4·(d² + d)`, `L − L_dense`, `1,050,624`. */
export function toText(expr: Expr, options: TextOptions = {}): string {
  return printInfix(expr, textFormat(options));
}

/** The plain-text printer's table for the infix printer (also for line breaking). */
export function textFormat(options: TextOptions): InfixFormat {
  return {
    number: formatCount,
    symbol: (name) => options.symbolText?.(name) ?? defaultSymbolText(name),
    label: labelText,
    open: '(',
    close: ')',
    power: (base, exponent) => base + superscript(exponent),
    times: () => '·',
    plus: ' + ',
    minus: ' − ',
    negate: '−',
  };
}

function superscript(n: number): string {
  return [...String(n)].map((d) => superscriptDigits[Number(d)]).join('');
}
