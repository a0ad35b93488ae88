import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kvCache } from '../../src/analysis/kv-cache.js';
import { kvEngineNames, type KvEngine } from '../../src/analysis/kv-engines.js';
import { findPreset } from '../../src/models/presets.js';
import { deriveModel } from '../../src/requests/derive-model.js';

const model = (preset: string) => {
  const p = findPreset(preset)!;
  return deriveModel({ config: p.config, source: p.repository });
};
// Full attention, interleaved sliding windows, every layer sliding, latent attention.
const reports = ['llama-2-7b', 'gemma-3-1b', 'mistral-7b', 'deepseek-v2-lite'].map((name) => ({
  name,
  report: model(name),
}));

const bytes = (
  r: (typeof reports)[number],
  engine: KvEngine,
  context: bigint,
  batch: bigint,
  dtype: 'bf16' | 'int8' | 'q8_0' = 'bf16',
  unified = true,
) =>
  kvCache(r.report.model!.kvCache!, r.report.bindings, {
    dtype,
    context,
    batch,
    engine: { name: engine, unified },
  }).total.value!;

const sizes = fc.record({
  context: fc.bigInt({ min: 1n, max: 200_000n }),
  more: fc.bigInt({ min: 0n, max: 50_000n }),
  batch: fc.bigInt({ min: 1n, max: 64n }),
  moreBatch: fc.bigInt({ min: 0n, max: 8n }),
});

describe('KV caches by engine: invariants', () => {
  it.each(kvEngineNames)('%s: bytes never shrink as the context or the batch grows', (engine) => {
    fc.assert(
      fc.property(sizes, fc.constantFrom(...reports), (s, r) => {
        const at = bytes(r, engine, s.context, s.batch);
        expect(bytes(r, engine, s.context + s.more, s.batch)).toBeGreaterThanOrEqual(at);
        expect(bytes(r, engine, s.context, s.batch + s.moreBatch)).toBeGreaterThanOrEqual(at);
      }),
      { numRuns: 40 },
    );
  });

  it('llama.cpp with a stream each (no kv_unified): bytes never shrink either', () => {
    fc.assert(
      fc.property(sizes, fc.constantFrom(...reports), (s, r) => {
        const at = bytes(r, 'llama.cpp', s.context, s.batch, 'bf16', false);
        expect(
          bytes(r, 'llama.cpp', s.context + s.more, s.batch, 'bf16', false),
        ).toBeGreaterThanOrEqual(at);
        expect(
          bytes(r, 'llama.cpp', s.context, s.batch + s.moreBatch, 'bf16', false),
        ).toBeGreaterThanOrEqual(at);
      }),
      { numRuns: 60 },
    );
  });

  it("vLLM's whole blocks hold at least what transformers allocates, for full attention", () => {
    const full = reports.filter((r) => r.name === 'llama-2-7b' || r.name === 'mistral-7b');
    fc.assert(
      fc.property(sizes, fc.constantFrom(...full), (s, r) => {
        expect(bytes(r, 'vllm', s.context, s.batch)).toBeGreaterThanOrEqual(
          bytes(r, 'transformers', s.context, s.batch),
        );
      }),
      { numRuns: 60 },
    );
  });

  it("q8_0 stores 34 bytes for every 32 of int8's when rows divide 32", () => {
    fc.assert(
      fc.property(
        sizes,
        fc.constantFrom(...kvEngineNames),
        fc.constantFrom(...reports),
        (s, e, r) => {
          const int8 = bytes(r, e, s.context, s.batch, 'int8');
          expect(bytes(r, e, s.context, s.batch, 'q8_0') * 32n).toBe(int8 * 34n);
        },
      ),
      { numRuns: 60 },
    );
  });
});
