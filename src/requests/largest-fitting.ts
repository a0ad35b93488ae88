/**
 * The largest size that fits a budget, for a need that never shrinks as the size grows (memory
 * against context, batch): exact for any such need, and few trials for the needs that memory has,
 * which are affine in the size or nearly (block rounding, windows), since each trial derives the
 * memory anew.
 */

/** What a size needs, in bytes; undefined when it has no value (it then does not fit). */
export type Need = (size: bigint) => bigint | undefined;

/**
 * The largest n in 1..cap whose need is within `budget`, or undefined when 1 is not. Both ends are
 * tried first (most answers at the cap are then two trials); between them, the next trial is
 * where the straight line through the two ends meets the budget (false position), with its
 * neighbour across it: an affine need's answer at once. A step that did not halve the range is
 * followed by a bisection, so a curved need takes at most about three times bisection's trials.
 */
export function largestFitting(cap: bigint, need: Need, budget: bigint): bigint | undefined {
  const fits = (bytes: bigint | undefined): bytes is bigint =>
    bytes !== undefined && bytes <= budget;
  const first = need(1n);
  if (!fits(first)) return undefined;
  if (cap <= 1n) return 1n;
  const last = need(cap);
  if (fits(last)) return cap;
  let low = 1n;
  let lowNeed = first;
  let high = cap;
  let highNeed = last;
  let interpolate = true;
  const trial = (n: bigint): boolean => {
    const bytes = need(n);
    if (fits(bytes)) [low, lowNeed] = [n, bytes];
    else [high, highNeed] = [n, bytes];
    return fits(bytes);
  };
  while (high - low > 1n) {
    const width = high - low;
    if (interpolate && highNeed !== undefined) {
      const guess = low + ((budget - lowNeed) * width) / (highNeed - lowNeed);
      const fitted = trial(clamp(guess, low + 1n, high - 1n));
      // Its neighbour across the answer, which an affine need's guess is exactly beside.
      if (high - low > 1n) trial(fitted ? low + 1n : high - 1n);
    } else trial(low + width / 2n);
    interpolate = (high - low) * 2n <= width;
  }
  return low;
}

const clamp = (n: bigint, min: bigint, max: bigint): bigint => (n < min ? min : n > max ? max : n);
