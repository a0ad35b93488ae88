import { UserError } from '../errors/user-error.js';
import { limits } from '../limits.js';

/**
 * What a count counts decides which suffixes it takes, as people write them: a context of `32k` is
 * 32,768 tokens on every model card (binary), while `2T` training tokens and a `7B` model are
 * 2·10^12 tokens and 7·10^9 parameters (decimal). A plain count (a batch, a GPU count, a swept field)
 * takes none. Suffixes are case-insensitive.
 */
export type CountKind = 'plain' | 'context' | 'decimal';

/** The suffixes of each kind of count, and what each multiplies by. */
export const countSuffixes: Readonly<Record<CountKind, ReadonlyMap<string, bigint>>> = {
  plain: new Map(),
  context: new Map([
    ['k', 2n ** 10n],
    ['m', 2n ** 20n],
  ]),
  decimal: new Map([
    ['k', 10n ** 3n],
    ['m', 10n ** 6n],
    ['b', 10n ** 9n],
    ['t', 10n ** 12n],
  ]),
};

/** How the error line shows each kind's forms. */
const examples: Record<CountKind, string> = {
  plain: '2048, 300e9, 15.6e12',
  context: '4096, 32k = 32,768, 1.5k = 1,536, 1M = 1,048,576',
  decimal: '300e9, 15.6e12, 7B, 1.5T = 1.5·10^12, 500M',
};

/**
 * A whole number written plainly, in scientific notation (`2048`, `300e9`, `15.6e12`, `1_000_000`)
 * or, for the kinds that take them, with a suffix (`32k`, `2T`, `1.5T`), read exactly as a bigint;
 * anything else (a fraction, a negative, zero, more than `limits.countDigits` digits) is one clear error.
 */
export function parseCount(option: string, raw: string, kind: CountKind = 'plain'): bigint {
  const fail = () =>
    new UserError(`${option} ${raw}: expected a positive whole number (${examples[kind]})`, {
      field: option,
      received: raw,
      expected: 'a positive whole number',
    });
  const match = /^(\d[\d_]*)(?:\.(\d+))?(?:[eE]\+?(\d+)|([a-zA-Z]))?$/.exec(raw.trim());
  if (!match) throw fail();
  const [, whole, fraction = '', exponentText = '0', suffix] = match;
  const scale = suffix === undefined ? 1n : countSuffixes[kind].get(suffix.toLowerCase());
  if (scale === undefined) throw fail();
  // The digits it would have, before any are made: `1e999999999` is refused, not computed.
  const exponent = Number(exponentText);
  const digits = `${whole!.replace(/_/g, '')}${fraction}`.replace(/^0+(?=\d)/, '');
  if (
    digits.length - fraction.length + exponent + scale.toString().length - 1 >
    limits.countDigits
  ) {
    throw new UserError(
      `${option} ${raw}: more than ${limits.countDigits} digits (the limit): expected a positive whole number`,
      { field: option, received: raw, expected: `at most ${limits.countDigits} digits` },
    );
  }
  // value = digits · 10^exponent · scale / 10^fraction, which must be whole (1.25e1 = 12.5 is no count; 1.5k = 1536 is).
  const numerator = BigInt(digits) * 10n ** BigInt(exponent) * scale;
  const denominator = 10n ** BigInt(fraction.length);
  if (numerator % denominator !== 0n) throw fail();
  const value = numerator / denominator;
  if (value <= 0n) throw fail();
  return value;
}
