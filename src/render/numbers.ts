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

/** A short human size: 6.74B, 124M, 1.05M, 512. */
export function shortCount(value: bigint): string {
  const units: Array<[bigint, string]> = [
    [10n ** 12n, 'T'],
    [10n ** 9n, 'B'],
    [10n ** 6n, 'M'],
    [10n ** 3n, 'K'],
  ];
  for (const [size, suffix] of units) {
    if (value >= size) {
      const scaled = Number((value * 1000n) / size) / 1000;
      return `${scaled.toPrecision(3).replace(/\.?0+$/, '')}${suffix}`;
    }
  }
  return value.toString();
}
