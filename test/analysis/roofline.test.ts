import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { greater, ratioNumber, roofline } from '../../src/analysis/roofline.js';

const positive = fc.bigInt({ min: 1n, max: 10n ** 30n });

describe('the roofline of a step', () => {
  it('takes the larger of its bytes over the bandwidth and its FLOPs over the peak', () => {
    fc.assert(
      fc.property(positive, positive, positive, positive, (bytes, bandwidth, flops, peak) => {
        const r = roofline(bytes, bandwidth, flops, peak);
        expect(greater(r.memorySeconds, r.seconds)).toBe(false);
        expect(greater(r.computeSeconds!, r.seconds)).toBe(false);
        expect(r.seconds).toBe(r.bound === 'memory' ? r.memorySeconds : r.computeSeconds);
      }),
    );
  });

  it('is memory-bound without a peak', () => {
    const r = roofline(13_483_253_760n, 1_008_000_000_000n);
    expect(r.bound).toBe('memory');
    expect(ratioNumber(r.seconds)).toBeCloseTo(13_483_253_760 / 1.008e12, 12);
  });

  it('reads a ratio of huge integers as a float without overflowing', () => {
    expect(ratioNumber({ num: 10n ** 400n, den: 10n ** 399n })).toBe(10);
    expect(ratioNumber({ num: 0n, den: 7n })).toBe(0);
  });
});
