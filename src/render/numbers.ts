/** Groups digits in threes: `1050624` → `1,050,624` with the given separator. */
export function groupDigits(value: bigint, separator: string): string {
  const digits = (value < 0n ? -value : value).toString();
  const grouped = digits.length <= 3 ? digits : digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
  return value < 0n ? `-${grouped}` : grouped;
}

/** A difference with its sign: `+1,536`, `−524,288` (a true minus sign). */
export function signed(value: bigint): string {
  return `${value >= 0n ? '+' : '−'}${formatCount(value < 0n ? -value : value)}`;
}

/**
 * A share in percent with two decimals; a part too small to show as 0.01% reads `<0.01%`, not a
 * false 0.
 */
export function formatPercent(percent: number, nonZero: boolean): string {
  return nonZero && percent < 0.01 ? '<0.01%' : `${percent.toFixed(2)}%`;
}

/** A count for people: `1,050,624`. */
export function formatCount(value: bigint): string {
  return groupDigits(value, ',');
}

/** A count in TeX: `1{,}050{,}624` (the braces stop TeX from adding space after the comma). */
export function texCount(value: bigint): string {
  return groupDigits(value, '{,}');
}

/** A short human size: 6.74B, 124M, 1.05M, 512 (three significant digits, from the integer; past 999T, `1.23e+15`). */
export function shortCount(value: bigint): string {
  if (value < 1000n) return value.toString();
  // The unit follows the rounded digits: 999,999,999 is 1B, not 1000M.
  const { mantissa, exponent } = scientific(value, 2);
  const unit = ['K', 'M', 'B', 'T'][Math.floor(exponent / 3) - 1];
  if (unit === undefined) return exponential(value, 2);
  const digits = mantissa.replace('.', '');
  const point = (exponent % 3) + 1;
  const text = point >= 3 ? digits : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return `${text.replace(/\.?0+$/, '')}${unit}`;
}

/**
 * `numerator / denominator` with `decimals` digits after the point, rounded half up, computed from
 * the integers (a float overflows: 10^400 bytes in GiB printed `Infinity`). A negative ratio keeps its `-`.
 */
export function decimalRatio(numerator: bigint, denominator: bigint, decimals: number): string {
  if (denominator === 0n) throw new RangeError('decimalRatio: division by zero');
  const negative = numerator < 0n !== denominator < 0n && numerator !== 0n;
  const [n, d] = [
    numerator < 0n ? -numerator : numerator,
    denominator < 0n ? -denominator : denominator,
  ];
  const scale = 10n ** BigInt(decimals);
  const scaled = (2n * n * scale + d) / (2n * d);
  const text =
    decimals > 0
      ? `${scaled / scale}.${(scaled % scale).toString().padStart(decimals, '0')}`
      : `${scaled}`;
  return negative && scaled !== 0n ? `-${text}` : text;
}

/**
 * A ratio below 1 to `digits` significant digits (`0.0012`), from the integers: the digits a
 * float's `toPrecision` would show, for any size of either.
 */
export function significantRatio(numerator: bigint, denominator: bigint, digits: number): string {
  const [n, d] = [
    numerator < 0n ? -numerator : numerator,
    denominator < 0n ? -denominator : denominator,
  ];
  if (n === 0n) return '0';
  // The decimals needed so that the first `digits` significant digits sit before the cut.
  let decimals = Math.max(0, d.toString().length - n.toString().length + digits - 1);
  while ((n * 10n ** BigInt(decimals)) / d < 10n ** BigInt(digits - 1)) decimals++;
  return decimalRatio(numerator, denominator, decimals);
}

/**
 * Scientific notation from the integer's own digits, as `Number.toExponential` writes it
 * (`4.240e+3`), rounded half up, for any length: no detour through a float.
 */
export function scientific(
  value: bigint,
  fractionDigits: number,
): { mantissa: string; exponent: number } {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString();
  const keep = fractionDigits + 1;
  let exponent = digits.length - 1;
  let kept: bigint;
  if (digits.length <= keep) kept = BigInt(digits) * 10n ** BigInt(keep - digits.length);
  else {
    const cut = 10n ** BigInt(digits.length - keep);
    const whole = BigInt(digits);
    kept = (2n * whole + cut) / (2n * cut);
  }
  // 9.995 rounds up to 10.00: one more digit, one more power of ten.
  if (kept.toString().length > keep) {
    kept /= 10n;
    exponent++;
  }
  const text = kept.toString();
  const mantissa = `${negative ? '-' : ''}${text[0]}${fractionDigits > 0 ? `.${text.slice(1)}` : ''}`;
  return { mantissa, exponent: value === 0n ? 0 : exponent };
}

/** `4.240e+3`: `scientific` in the form `toExponential` prints. */
export function exponential(value: bigint, fractionDigits: number): string {
  const { mantissa, exponent } = scientific(value, fractionDigits);
  return `${mantissa}e${exponent >= 0 ? '+' : '-'}${Math.abs(exponent)}`;
}
