import { formatCount, formatPercent, texCount } from '../../render/numbers.js';
import { sharePercent } from '../../analysis/breakdown.js';
import { alignedText } from '../../printers/notation.js';
import type { Derivation } from '../../derive/steps.js';

/** A count as templates receive it: exact digits, grouped for text, grouped for TeX. */
export interface Count {
  digits: string;
  text: string;
  tex: string;
}

/** A count in the three forms templates use. */
export const count = (value: bigint): Count => ({
  digits: value.toString(),
  text: formatCount(value),
  tex: texCount(value),
});

/** A value's share of the total, as a percentage (none without a total). */
export const percent = (value: bigint, total: bigint | undefined) =>
  total ? formatPercent(sharePercent(value, total), value > 0n) : undefined;

/**
 * A derivation as plain text, as wide as a text document's lines whatever the terminal. Documents
 * hold it as a getter: only a reader who copies it (the web page) pays for the line breaking.
 */
export const plainDerivation = (derivation: Derivation) => alignedText(derivation, 80).join('\n');
