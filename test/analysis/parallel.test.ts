import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gpuParameters, parallelMemory, placeOnGpus } from '../../src/analysis/parallel-memory.js';
import { pipelineStages } from '../../src/analysis/parallel.js';
import { findPreset } from '../../src/models/presets.js';
import { deriveModel } from '../../src/requests/derive-model.js';
import { UserError } from '../../src/errors/user-error.js';
import { loadJson } from '../support/fixtures.js';

interface ParallelCase {
  name: string;
  preset?: string;
  config?: Record<string, unknown>;
  tp: number;
  dtype: 'bf16';
  gib: number;
  rel: number;
  source: string;
}

const fixture = loadJson<{
  cases: ParallelCase[];
  pipeline: { cases: Array<{ layers: number; pp: number; ranges: [number, number][] }> };
}>('published-parallel.json');

const modelOf = (c: { preset?: string; config?: Record<string, unknown> }) => {
  if (c.config) return deriveModel({ config: c.config, source: 'published-parallel.json' });
  const preset = findPreset(c.preset!)!;
  return deriveModel({ config: preset.config, source: preset.repository });
};

const plan = (tp: number, pp = 1, ep = 1) => ({ tp: BigInt(tp), pp: BigInt(pp), ep: BigInt(ep) });

describe('weights per GPU against vLLM logs', () => {
  for (const c of fixture.cases)
    it(`${c.name}: at or below vLLM's ${c.gib} GiB, within ${c.rel * 100}%`, () => {
      const memory = parallelMemory(modelOf(c), plan(c.tp), { dtype: c.dtype });
      const gib = Number(memory.weights.value!) / 2 ** 30;
      expect(gib).toBeLessThanOrEqual(c.gib);
      expect(gib).toBeGreaterThan(c.gib * (1 - c.rel));
    });
});

describe("pipeline stages as vLLM's get_pp_indices splits them", () => {
  for (const c of fixture.pipeline.cases)
    it(`${c.layers} layers over ${c.pp} stages`, () => {
      expect(pipelineStages(c.layers, c.pp).ranges).toEqual(c.ranges);
    });
});

describe('layouts', () => {
  const llama = () => modelOf({ preset: 'llama-2-7b' });

  it('one GPU holds the whole model', () => {
    const model = llama();
    const memory = parallelMemory(model, plan(1), { dtype: 'bf16' });
    expect(memory.parameters.value).toBe(model.total);
  });

  it('GPT-2 pads its vocabulary of 50,257 to 50,304 rows before splitting it', () => {
    const model = modelOf({ preset: 'gpt2' });
    const memory = parallelMemory(model, plan(2), { dtype: 'bf16' });
    const vocab = memory.shares.find((s) => s.layout === 'vocab')!;
    expect(vocab.perGpu).toBe((50304n / 2n) * 768n);
  });

  it('more GPUs than key/value heads: one of Llama-3-8B’s 8 a GPU, an eighth of its cache', () => {
    const memory = parallelMemory(
      modelOf({ preset: 'meta-llama-3-8b' }),
      plan(16),
      { dtype: 'bf16' },
      { dtype: 'bf16', context: 8192n, batch: 1n },
    );
    expect(memory.kvHeadsPerGpu).toBe(1n);
    // vLLM: 4 GiB of Llama-3-8B's cache is 2,048 blocks of 16 tokens (published-sizing.json),
    // 131,072 bytes a token; a GPU keeps one head of the eight.
    expect(memory.kv!.value).toBe((((4n * 2n ** 30n) / 32768n) * 8192n) / 8n);
  });

  it('experts spread whole: Mixtral over 4 GPUs holds 2 of each layer’s 8', () => {
    const memory = parallelMemory(modelOf({ preset: 'mixtral-8x7b' }), plan(4, 1, 4), {
      dtype: 'bf16',
    });
    const experts = memory.shares.find((s) => s.layout === 'experts')!;
    expect(experts.experts).toBe(2n);
    expect(experts.perGpu * 4n).toBe(experts.parameters);
  });

  it('refuses what does not split: a stack of two kinds, experts that are not there', () => {
    expect(() =>
      parallelMemory(modelOf({ preset: 't5-base' }), plan(1, 2), { dtype: 'bf16' }),
    ).toThrow(UserError);
    expect(() => parallelMemory(llama(), plan(1, 1, 2), { dtype: 'bf16' })).toThrow(/--ep 2/);
    expect(() => parallelMemory(modelOf({ preset: 'gpt2' }), plan(5), { dtype: 'bf16' })).toThrow(
      /--tp 5/,
    );
  });
});

describe('properties', () => {
  it('the heaviest GPU holds at most the model and, times the GPUs, at least it', () => {
    const configs = fc.record({
      heads: fc.constantFrom(8, 16, 32),
      kvDivisor: fc.constantFrom(1, 2, 4, 8),
      layers: fc.integer({ min: 1, max: 24 }),
      // (a multiple of 64: vLLM pads the others, a test above checks how)
      vocab: fc.integer({ min: 16, max: 600 }).map((k) => k * 64),
      tp: fc.constantFrom(1, 2, 4, 8),
      pp: fc.integer({ min: 1, max: 4 }),
    });
    fc.assert(
      fc.property(configs, (c) => {
        fc.pre(c.pp <= c.layers);
        const model = deriveModel({
          config: {
            architectures: ['LlamaForCausalLM'],
            model_type: 'llama',
            hidden_size: c.heads * 64,
            intermediate_size: c.heads * 172,
            num_attention_heads: c.heads,
            num_key_value_heads: c.heads / c.kvDivisor,
            num_hidden_layers: c.layers,
            vocab_size: c.vocab,
          },
          source: 'fast-check',
        });
        const memory = parallelMemory(model, plan(c.tp, c.pp), { dtype: 'bf16' });
        const perGpu = memory.parameters.value!;
        expect(perGpu).toBeLessThanOrEqual(model.total!);
        expect(perGpu * BigInt(c.tp * c.pp)).toBeGreaterThanOrEqual(model.total!);
        expect(memory.weights.value).toBe(2n * perGpu);
      }),
      { numRuns: 60 },
    );
  });
});

describe("training in Megatron-LM's layout", () => {
  it('pads GPT-2’s vocabulary to 50,304 rows, as Megatron-LM logs it', () => {
    // Megatron-LM's GPT-2 runs: "> padded vocab (size: 50257) with 47 dummy tokens (new size: 50304)".
    const placement = placeOnGpus(modelOf({ preset: 'gpt2' }), {
      ...plan(1, 2),
      convention: 'megatron',
    });
    const table = placement.perStage[0]!.find((p) => p.layout === 'vocab')!;
    expect(table.share).toBe(50304n * 768n);
  });

  it('a GPU holds at most the model and, times t·N_p, at least it', () => {
    const model = modelOf({ preset: 'mixtral-8x7b' });
    for (const [tp, pp, ep] of [
      [2, 1, 1],
      [2, 2, 1],
      [4, 2, 2],
      [1, 4, 8],
    ] as const) {
      const held = gpuParameters(model, { ...plan(tp, pp, ep), convention: 'megatron' });
      const perGpu = held.dense + held.experts;
      expect(perGpu).toBeLessThanOrEqual(model.total!);
      expect(perGpu * BigInt(tp * pp * ep)).toBeGreaterThanOrEqual(model.total!);
    }
  });
});
