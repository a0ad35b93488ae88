import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ratioNumber } from '../../src/analysis/roofline.js';
import { evaluate } from '../../src/expr/index.js';
import { parseGpu } from '../../src/hardware/gpu-table.js';
import { findPreset } from '../../src/models/presets.js';
import { deriveModel } from '../../src/requests/derive-model.js';
import { speedFigures } from '../../src/requests/speed-request.js';
import type { WeightType } from '../../src/analysis/memory.js';
import { loadJson } from '../support/fixtures.js';
import { hfCases } from '../support/models.js';

interface SpeedCase {
  name: string;
  config?: Record<string, unknown>;
  preset?: string;
  gpu: string;
  dtype: WeightType;
  test: 'tg' | 'pp';
  context: number;
  measured: number;
  source: string;
}

const { cases } = loadJson<{ cases: SpeedCase[] }>('published-speeds.json');

const modelOf = (c: { config?: Record<string, unknown>; preset?: string }) => {
  if (c.config) return deriveModel({ config: c.config, source: 'published-speeds.json' });
  const preset = findPreset(c.preset!)!;
  return deriveModel({ config: preset.config, source: preset.repository });
};

const figuresOf = (c: SpeedCase) =>
  speedFigures(modelOf(c), {
    weights: { dtype: c.dtype },
    context: BigInt(c.context),
    batch: 1n,
    gpu: parseGpu(c.gpu),
  });

describe('tparams speed: published measured speeds lie under the roofline', () => {
  for (const c of cases.filter((c) => c.test === 'tg'))
    it(`${c.name}: ${c.measured} tokens/s measured, below the decode bound and within 2×`, () => {
      const bound = ratioNumber(figuresOf(c).decodeTokensPerSecond);
      expect(bound).toBeGreaterThan(c.measured);
      expect(bound / c.measured).toBeLessThan(2);
    });

  for (const c of cases.filter((c) => c.test === 'pp'))
    it(`${c.name}: ${c.measured} tokens/s measured, no faster than the prefill bound allows`, () => {
      const seconds = ratioNumber(figuresOf(c).prefillSeconds!);
      const measuredSeconds = c.context / c.measured;
      expect(seconds).toBeLessThan(measuredSeconds);
      // The peak is the fp16-accumulate one; llama.cpp's cuBLAS kernels reach well under it.
      expect(measuredSeconds / seconds).toBeLessThan(3);
    });
});

describe('the bytes a decode step reads', () => {
  const llama = modelOf({ preset: 'llama-2-7b' });
  const published = BigInt(
    hfCases.find((c) => c.name === 'meta-llama/Llama-2-7b-hf')!.total_params,
  );
  const rtx = parseGpu('rtx-4090');

  it('are the fp16 weights less the token table (Llama-2-7B: 32,000 × 4,096 rows, config.json)', () => {
    const figures = speedFigures(llama, { weights: { dtype: 'fp16' }, batch: 1n, gpu: rtx });
    expect(figures.unread.bytes).toBe(2n * 32000n * 4096n);
    // NVIDIA's 2 GB at 4,096 tokens (published-kv-cache.json) is 512 KiB a token: 256 MiB at 512.
    expect(figures.step.value).toBe(2n * published - 2n * 32000n * 4096n + 512n * 524288n);
  });

  it('grow with the batch by one cache each, and every step of the derivation agrees', () => {
    const one = speedFigures(llama, { weights: { dtype: 'bf16' }, batch: 1n, gpu: rtx });
    const four = speedFigures(llama, { weights: { dtype: 'bf16' }, batch: 4n, gpu: rtx });
    expect(four.step.value! - one.step.value!).toBe(3n * 512n * 524288n);
    const sizes = { ...llama.bindings, ...four.memory.kv!.cache.sizes };
    for (const step of four.step.steps) expect(evaluate(step.expr, sizes)).toBe(four.step.value);
  });

  it('of a mixture of experts leave the experts a token is not sent to unread', () => {
    const olmoe = modelOf({ preset: 'olmoe-1b-7b' });
    const figures = speedFigures(olmoe, { weights: { dtype: 'bf16' }, batch: 1n, gpu: rtx });
    expect(figures.unread.what).toEqual(['lookup-tables', 'idle-experts']);
    // OLMoE's model card: 1.3B active of 6.9B parameters; bf16 reads a fraction of the total.
    expect(Number(figures.step.value!) / Number(figures.memory.weights.bytes!)).toBeLessThan(0.25);
  });

  it('keep a tied token table, which the head reads whole (Gemma-2B)', () => {
    const gemma = modelOf({ preset: 'gemma-2b' });
    const figures = speedFigures(gemma, { weights: { dtype: 'bf16' }, batch: 1n, gpu: rtx });
    expect(figures.unread.bytes).toBe(0n);
  });

  it('turn compute-bound at a large batch, and the rate then stops growing with it', () => {
    const at = (batch: bigint) =>
      speedFigures(llama, { weights: { dtype: 'bf16' }, batch, context: 128n, gpu: rtx });
    expect(at(1n).decode.bound).toBe('memory');
    const big = at(4096n);
    expect(big.decode.bound).toBe('compute');
  });

  it('add up over several GPUs, as ideal tensor parallelism would', () => {
    const one = speedFigures(llama, {
      weights: { dtype: 'bf16' },
      batch: 1n,
      gpu: parseGpu('h100'),
    });
    const eight = speedFigures(llama, {
      weights: { dtype: 'bf16' },
      batch: 1n,
      gpu: parseGpu('h100x8'),
    });
    expect(
      ratioNumber(eight.decodeTokensPerSecond) / ratioNumber(one.decodeTokensPerSecond),
    ).toBeCloseTo(8, 9);
  });

  it('take --bandwidth and --tflops over the table, and say no peak where the table has none', () => {
    const given = speedFigures(llama, {
      weights: { dtype: 'bf16' },
      batch: 1n,
      gpu: parseGpu('m2-ultra'),
      peak: 27_000_000_000_000n,
    });
    expect(given.hardware.peakFrom).toBe('option');
    const none = speedFigures(llama, {
      weights: { dtype: 'bf16' },
      batch: 1n,
      gpu: parseGpu('m2-ultra'),
    });
    expect(none.hardware.peak).toBeUndefined();
    expect(none.prefillSeconds).toBeUndefined();
    const bandwidth = speedFigures(llama, {
      weights: { dtype: 'bf16' },
      batch: 1n,
      bandwidth: 10n ** 12n,
    });
    expect(bandwidth.hardware.bandwidthFrom).toBe('option');
  });

  it('bound a longer context no faster, and a larger batch no slower in all', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 4096n }),
        fc.bigInt({ min: 1n, max: 4096n }),
        fc.bigInt({ min: 1n, max: 64n }),
        (a, b, batch) => {
          const at = (context: bigint, sequences: bigint) =>
            ratioNumber(
              speedFigures(llama, {
                weights: { dtype: 'bf16' },
                batch: sequences,
                context,
                gpu: rtx,
              }).decodeTokensPerSecond,
            );
          const [short, long] = a < b ? [a, b] : [b, a];
          expect(at(long, batch)).toBeLessThanOrEqual(at(short, batch));
          expect(at(short, batch + 1n)).toBeGreaterThanOrEqual(at(short, batch));
        },
      ),
      { numRuns: 15 },
    );
  });
});
