import { UserError } from '../errors/user-error.js';

/**
 * A whole number written plainly or in scientific notation (`2048`, `300e9`, `15.6e12`,
 * `1_000_000`), read exactly as a bigint; anything else (a fraction, a negative, zero) is one clear error.
 */
export function parseCount(option: string, raw: string): bigint {
  const match = /^(\d[\d_]*)(?:\.(\d+))?(?:[eE]\+?(\d+))?$/.exec(raw.trim());
  const fail = () => new UserError(`${option} ${raw}: expected a positive whole number (2048, 300e9, 15.6e12)`, { field: option, received: raw, expected: 'a positive whole number' });
  if (!match) throw fail();
  const [, whole, fraction = '', exponentText = '0'] = match;
  const exponent = Number(exponentText);
  const digits = `${whole!.replace(/_/g, '')}${fraction}`;
  const shift = exponent - fraction.length;
  if (shift < 0) {
    // 1.25e1 = 12.5 is no count; 1.20e1 = 12 is.
    const cut = digits.slice(shift);
    if (/[^0]/.test(cut)) throw fail();
    const value = BigInt(digits.slice(0, shift) || '0');
    if (value <= 0n) throw fail();
    return value;
  }
  const value = BigInt(digits) * 10n ** BigInt(shift);
  if (value <= 0n) throw fail();
  return value;
}
