import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { largestFitting, type Need } from '../../src/requests/largest-fitting.js';

/** The answer by walking every size: the largest n ≤ cap within the budget. */
function walked(cap: bigint, need: Need, budget: bigint): bigint | undefined {
  let found: bigint | undefined;
  for (let n = 1n; n <= cap; n++) {
    const bytes = need(n);
    if (bytes === undefined || bytes > budget) break;
    found = n;
  }
  return found;
}

/** Needs the way memory grows: affine, rounded up to blocks, capped by a window, quadratic. */
const needs = fc.oneof(
  fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 6n }), fc.bigInt({ min: 0n, max: 1000n })).map(
    ([fixed, slope]): Need =>
      (n) =>
        fixed + slope * n,
  ),
  fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 6n }), fc.bigInt({ min: 1n, max: 64n })).map(
    ([fixed, block]): Need =>
      (n) =>
        fixed + ((n + block - 1n) / block) * block * 7n,
  ),
  fc.tuple(fc.bigInt({ min: 0n, max: 1000n }), fc.bigInt({ min: 1n, max: 500n })).map(
    ([fixed, window]): Need =>
      (n) =>
        fixed + 3n * n + 5n * (n < window ? n : window),
  ),
  fc.bigInt({ min: 0n, max: 100n }).map(
    (fixed): Need =>
      (n) =>
        fixed + n * n,
  ),
  // A need with no value past some size (sizes without values do not fit).
  fc.bigInt({ min: 1n, max: 3000n }).map(
    (limit): Need =>
      (n) =>
        n <= limit ? n : undefined,
  ),
);

describe('largestFitting', () => {
  it('finds what walking every size finds, for needs that never shrink', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 3000n }),
        needs,
        fc.bigInt({ min: 0n, max: 10n ** 7n }),
        (cap, need, budget) => {
          expect(largestFitting(cap, need, budget)).toBe(walked(cap, need, budget));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('answers an affine need in four trials, a curved one in a few times bisection’s', () => {
    const counted = (need: Need) => {
      let trials = 0;
      const found = largestFitting(
        2n ** 20n,
        (n) => {
          trials++;
          return need(n);
        },
        10n ** 9n,
      );
      return { found, trials };
    };
    // One sequence's KV cache of 204,472,320 bytes (gpt-oss-20b at 8,192 tokens) beside fixed weights.
    expect(counted((b) => 41_829_514_368n / 100n + b * 2_044_723n)).toEqual({
      found: 284n,
      trials: 4,
    });
    const curved = counted((n) => n * n);
    expect(curved.found).toBe(31_622n);
    expect(curved.trials).toBeLessThanOrEqual(3 * 21);
  });

  it('stops at the cap when the cap fits, and at nothing when one does not', () => {
    expect(largestFitting(131_072n, () => 1n, 1n)).toBe(131_072n);
    expect(largestFitting(131_072n, () => 2n, 1n)).toBeUndefined();
    expect(largestFitting(1n, () => 0n, 1n)).toBe(1n);
  });
});
