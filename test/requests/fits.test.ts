import { describe, expect, it } from 'vitest';
import { weightTypes } from '../../src/analysis/memory.js';
import { parseGpu } from '../../src/hardware/gpu-table.js';
import { findPreset } from '../../src/models/presets.js';
import { deriveModel } from '../../src/requests/derive-model.js';
import { fitsOn, widestFirst } from '../../src/requests/fits.js';
import { hfCases } from '../support/models.js';

const llama = () => {
  const preset = findPreset('llama-2-7b')!;
  return deriveModel({ config: preset.config, source: preset.repository });
};
// HF's published count for Llama-2-7B, and NVIDIA's KV cache of 2 GB at 4,096 tokens in fp16
// (test/fixtures/published-kv-cache.json): 524,288 bytes a token.
const published = BigInt(hfCases.find((c) => c.name === 'meta-llama/Llama-2-7b-hf')!.total_params);
const kvPerToken = 2147483648n / 4096n;

describe('what fits on GPUs', () => {
  it('the longest context: what 16 GiB leaves after the fp16 weights, in cache tokens', () => {
    const fits = fitsOn(
      llama(),
      { weights: { dtype: 'fp16' }, batch: 1n },
      parseGpu('v100-pcie-16gb'),
    );
    const left = 16n * 2n ** 30n - 2n * published;
    // Capped at the model's longest, 4,096, which fits: ask at a larger cap through --set.
    expect(fits.longestContext).toEqual({ tokens: 4096n, cap: 4096n });
    const longer = deriveModel({
      config: { ...findPreset('llama-2-7b')!.config, max_position_embeddings: 1 << 20 },
      source: 'test',
    });
    const wide = fitsOn(
      longer,
      { weights: { dtype: 'fp16' }, batch: 1n },
      parseGpu('v100-pcie-16gb'),
    );
    expect(wide.longestContext!.tokens).toBe(left / kvPerToken);
  });

  it('the largest batch at 4,096 tokens on an A100 80GB: 33 caches of 2 GiB beside the weights', () => {
    const fits = fitsOn(
      llama(),
      { weights: { dtype: 'fp16' }, batch: 1n, context: 4096n },
      parseGpu('a100-80gb'),
    );
    expect(fits.largestBatch).toBe((80n * 2n ** 30n - 2n * published) / (4096n * kvPerToken));
    expect(fits.largestBatch).toBe(33n);
  });

  it('the widest weight type: fp32 on 80 GiB, bf16 on 24 GiB', () => {
    const request = { weights: { dtype: 'bf16' as const }, batch: 1n, context: 1n };
    expect(fitsOn(llama(), request, parseGpu('a100-80gb')).bestWeightType).toBe('fp32');
    // 4 bytes × 6.74 B parameters is 27 GB: not on a 24 GiB card; bf16's 13.5 GB is.
    expect(fitsOn(llama(), request, parseGpu('rtx-4090')).bestWeightType).toBe('bf16');
  });

  it('counts every GPU of NAME xN for inference, one GPU for training (its totals are per GPU)', () => {
    const request = { weights: { dtype: 'bf16' as const }, batch: 1n };
    expect(fitsOn(llama(), request, parseGpu('h100x4')).capacity).toBe(4n * 80n * 2n ** 30n);
    const training = {
      ...request,
      training: {
        optimizer: 'adamw' as const,
        zero: 0 as const,
        gpus: 4n,
        tensorParallel: 1n,
        sequenceParallel: false,
        recompute: 'none' as const,
      },
    };
    const fits = fitsOn(llama(), training, parseGpu('h100x4'));
    expect(fits.capacity).toBe(80n * 2n ** 30n);
    expect(fits.bestWeightType).toBeUndefined();
  });

  it('orders every weight type, widest first', () => {
    expect([...widestFirst].sort()).toEqual(Object.keys(weightTypes).sort());
  });
});
