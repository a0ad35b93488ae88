import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { weightMemory, type WeightType } from '../../src/analysis/memory.js';
import { deriveModel } from '../../src/requests/derive-model.js';

/** The K-quant ladder, widest first, with each base type's bits a weight as ggml-common.h states them. */
const ladder: ReadonlyArray<readonly [WeightType, number]> = [
  ['q8_0', 8.5],
  ['q6_k', 6.5625],
  ['q5_k_m', 5.5],
  ['q4_k_m', 4.5],
  ['q3_k_m', 3.4375],
  ['q2_k', 2.625],
];

describe("llama.cpp's file types on random Llama-like configs (fast-check)", () => {
  it('bytes fall along q8_0 > q6_k > q5_k_m > q4_k_m > q3_k_m > q2_k, each between its base bits and 16 bits a parameter', () => {
    // Widths that ggml's blocks of 256 divide, as every published Llama's do (no fallback types).
    const config = fc.record({
      kvHeads: fc.integer({ min: 1, max: 16 }),
      groups: fc.integer({ min: 1, max: 8 }),
      headDim: fc.constantFrom(64, 128, 256),
      layers: fc.integer({ min: 1, max: 96 }),
      ffnBlocks: fc.integer({ min: 1, max: 120 }),
      vocab: fc.integer({ min: 1_000, max: 200_000 }),
      tied: fc.boolean(),
      family: fc.constantFrom('llama', 'mistral', 'qwen2'),
    });
    fc.assert(
      fc.property(config, (c) => {
        const heads = 4 * c.kvHeads * c.groups;
        const report = deriveModel({
          source: 'random',
          config: {
            model_type: c.family,
            hidden_size: heads * c.headDim,
            num_attention_heads: heads,
            num_key_value_heads: 4 * c.kvHeads,
            intermediate_size: 256 * c.ffnBlocks,
            num_hidden_layers: c.layers,
            vocab_size: c.vocab,
            tie_word_embeddings: c.tied,
          },
        });
        const params = Number(report.total!);
        const bytes = ladder.map(([dtype]) => weightMemory(report, { dtype }).bytes!);
        for (let i = 1; i < bytes.length; i++) expect(bytes[i]!).toBeLessThan(bytes[i - 1]!);
        ladder.forEach(([dtype, base], i) => {
          const bits = (Number(bytes[i]!) * 8) / params;
          expect(bits, dtype).toBeGreaterThanOrEqual(base);
          expect(bits, dtype).toBeLessThanOrEqual(16);
        });
      }),
      { numRuns: 25 },
    );
  });
});
