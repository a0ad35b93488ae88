import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors/user-error.js';
import { findPreset } from '../../src/models/presets.js';
import { flopsFigures } from '../../src/requests/compute-request.js';
import {
  byteWideTypes,
  cacheTypeFor,
  contextFor,
  defaultContext,
} from '../../src/requests/defaults.js';
import { deriveModel } from '../../src/requests/derive-model.js';
import { memoryFigures, type MemoryRequest } from '../../src/requests/memory-request.js';
import { figureDtypes, modelFigures } from '../../src/requests/model-figures.js';
import kvCases from '../fixtures/published-kv-cache.json' with { type: 'json' };

const derived = (name: string) => {
  const preset = findPreset(name)!;
  return deriveModel({ config: preset.config, source: preset.repository });
};

describe('request defaults (one place for the CLI, the web page and the library)', () => {
  it('the context: asked, else the config’s longest, else 2,048', () => {
    expect(contextFor({ contextLength: 4096n }, 512n)).toBe(512n);
    expect(contextFor({ contextLength: 4096n })).toBe(4096n);
    expect(contextFor({})).toBe(defaultContext);
    expect(defaultContext).toBe(2048n);
  });

  it("the cache's type: the weights' when 16 or 32 bits wide, else bf16", () => {
    expect(
      ['fp32', 'fp16', 'bf16', 'fp8', 'int4', 'mxfp4'].map((t) => cacheTypeFor(t as never)),
    ).toEqual(['fp32', 'fp16', 'bf16', 'bf16', 'bf16', 'bf16']);
  });

  it("the web page's types are the byte-wide ones of both tables", () => {
    expect([...figureDtypes].sort()).toEqual([...byteWideTypes].sort());
  });
});

describe('the memory request', () => {
  const llama = derived('llama-2-7b');
  const base: MemoryRequest = { weights: { dtype: 'fp16' }, batch: 1n };

  // NVIDIA's inference blog: Llama 2 7B, 4,096 tokens in 16 bits, batch 1: 2 GiB of cache.
  const published = kvCases.cases.find((c) => c.name.startsWith('Llama-2-7B, 4096'))!;
  it('defaults the context to the config’s 4,096 and the cache to the weights’ fp16', () => {
    const figures = memoryFigures(llama, base);
    expect(figures.kv?.dtype).toBe('fp16');
    expect(figures.kv?.cache.total.value).toBe(BigInt(published.bytes!));
  });

  it.each([
    [
      { weights: { dtype: 'bf16', groupSize: 128 } },
      '--group-size applies to --dtype int4 or int8',
    ],
    [{ weights: { dtype: 'fp8', groupSize: 128 } }, '--group-size applies to --dtype int4 or int8'],
    [
      { weights: { dtype: 'bf16', also: { head: true } } },
      '--also-quantize applies to a quantized',
    ],
    [{ weights: { dtype: 'mxfp4' } }, "--dtype mxfp4 quantizes a mixture of experts' routed"],
    [
      {
        training: {
          optimizer: 'adamw',
          zero: 0,
          gpus: 3n,
          tensorParallel: 3n,
          sequenceParallel: false,
          recompute: 'none',
        },
      },
      '--tp 3: must divide the attention heads n_h (32)',
    ],
  ] as const)('refuses %o: %s', (change, message) => {
    const request = { ...base, ...change } as MemoryRequest;
    expect(() => memoryFigures(llama, request)).toThrow(UserError);
    expect(() => memoryFigures(llama, request)).toThrow(message);
  });
});

describe('the flops request and the figures a document shows', () => {
  it('share the context default with the memory request', () => {
    const gpt2 = derived('gpt2');
    const figures = modelFigures(gpt2)!;
    expect(figures.context).toBe(1024n); // GPT-2's n_positions
    const forward = flopsFigures(gpt2).forward!;
    expect(figures.compute.find((f) => f.key === 'forward')!.derivation.value).toBe(forward.value);
    expect(figures.dtype).toBe('bf16');
  });
});
