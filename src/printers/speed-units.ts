import { decimalRatio, formatCount, significantRatio } from '../render/numbers.js';
import type { Ratio } from '../analysis/roofline.js';
import { fill, loadLocale } from '../i18n/locale.js';

/** A ratio to four significant digits, from the integers (`74.77`, `0.01338`). */
export function fourDigits(r: Ratio): string {
  const whole = r.num / r.den;
  if (whole === 0n) return significantRatio(r.num, r.den, 4);
  const digits = whole.toString().length;
  return digits >= 4
    ? formatCount((2n * r.num + r.den) / (2n * r.den))
    : decimalRatio(r.num, r.den, 4 - digits);
}

/** A time in the unit that reads best: seconds from 1 s, milliseconds from 1 ms, else microseconds. */
export function timeText(seconds: Ratio): string {
  const w = loadLocale('en').speed;
  const { num, den } = seconds;
  if (num >= den) return fill(w.seconds, { value: fourDigits(seconds) });
  if (num * 1000n >= den)
    return fill(w.milliseconds, { value: fourDigits({ num: num * 1000n, den }) });
  return fill(w.microseconds, { value: fourDigits({ num: num * 1_000_000n, den }) });
}

/** A rate in units of 10^`exponent` a second, trailing zeros dropped: 1,008·10⁹ B/s → `1,008`. */
export function scaledText(value: bigint, exponent: number): string {
  const text = decimalRatio(value, 10n ** BigInt(exponent), 3).replace(/\.?0+$/, '');
  const [whole, fraction] = text.split('.');
  const grouped = formatCount(BigInt(whole!));
  return fraction ? `${grouped}.${fraction}` : grouped;
}
