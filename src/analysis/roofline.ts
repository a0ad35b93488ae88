/**
 * The roofline of one step on a GPU (Williams, Waterman and Patterson 2009): a step takes at
 * least the time to move its bytes at the memory's peak bandwidth and at least the time to do its
 * operations at the peak rate, so the larger of the two is a lower bound on its time, and the
 * rate it gives an upper bound on speed. Exact ratios of integers, so no size overflows a float.
 */

/** An exact non-negative ratio: seconds, or tokens a second. */
export interface Ratio {
  readonly num: bigint;
  readonly den: bigint;
}

/** `a / b` as a ratio. */
export const ratio = (num: bigint, den: bigint): Ratio => ({ num, den });

/** Whether `a` is larger than `b`. */
export const greater = (a: Ratio, b: Ratio): boolean => a.num * b.den > b.num * a.den;

/** `a / b` of two ratios. */
export const divide = (a: Ratio, b: Ratio): Ratio => ratio(a.num * b.den, a.den * b.num);

/** A ratio as a float, for JSON: through its digits, never an overflowing division of bigints. */
export function ratioNumber(r: Ratio): number {
  if (r.num === 0n) return 0;
  const scale = 10n ** 15n;
  const digits = (r.num * scale) / r.den;
  return Number(digits) / Number(scale);
}

/** Which side of the roofline bounds a step. */
export type Bound = 'memory' | 'compute';

/** One step's roofline: the time each side takes at least, and the larger. */
export interface Roofline {
  /** `M / BW`: the bytes over the bandwidth. */
  readonly memorySeconds: Ratio;
  /** `F / P`: the operations over the peak, when a peak is known. */
  readonly computeSeconds?: Ratio;
  /** The larger of the two: the least time the step takes. */
  readonly seconds: Ratio;
  readonly bound: Bound;
}

/** The roofline of a step that moves `bytes` and does `flops`, on `bandwidth` B/s and `peak` FLOP/s. */
export function roofline(
  bytes: bigint,
  bandwidth: bigint,
  flops?: bigint,
  peak?: bigint,
): Roofline {
  const memorySeconds = ratio(bytes, bandwidth);
  const computeSeconds = flops !== undefined && peak !== undefined ? ratio(flops, peak) : undefined;
  const compute = computeSeconds !== undefined && greater(computeSeconds, memorySeconds);
  return {
    memorySeconds,
    ...(computeSeconds ? { computeSeconds } : {}),
    seconds: compute ? computeSeconds : memorySeconds,
    bound: compute ? 'compute' : 'memory',
  };
}
