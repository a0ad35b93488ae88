import { describe, expect, it } from 'vitest';
import { findPreset } from '../../src/models/presets.js';
import { deriveModel } from '../../src/requests/derive-model.js';
import { modelFigures } from '../../src/requests/model-figures.js';
import { stateFromQuery, stateToQuery } from '../../src/web/state.js';
import { sizingOptions } from '../../src/web/sizing-state.js';

const llama3 = () => {
  const preset = findPreset('meta-llama-3-8b')!;
  return deriveModel({ config: preset.config, source: preset.repository });
};
const kvAt = (figures: ReturnType<typeof modelFigures>) =>
  figures!.memory.find((f) => f.key === 'kvContext')!.derivation.value;

describe("a document's figures under an engine's cache convention", () => {
  it("vLLM's whole blocks: 1,000 tokens of Llama-3-8B take 63 blocks of 16", () => {
    // vLLM's own log: 4 GiB of Llama-3-8B's cache is 2,048 blocks of 16 tokens (vLLM issue 6623,
    // published-sizing.json), 131,072 bytes a token.
    const perToken = (4n * 2n ** 30n) / (2048n * 16n);
    expect(kvAt(modelFigures(llama3(), { context: 1000n }))).toBe(1000n * perToken);
    expect(kvAt(modelFigures(llama3(), { context: 1000n, engine: 'vllm' }))).toBe(
      63n * 16n * perToken,
    );
  });

  it('the page keeps the engine in its URL and passes it to the figures', () => {
    const { state, problems } = stateFromQuery('?model=meta-llama-3-8b&engine=vllm');
    expect(problems).toEqual([]);
    expect(state.engine).toBe('vllm');
    expect(stateToQuery(state)).toContain('engine=vllm');
    expect(sizingOptions(state).engine).toBe('vllm');
    expect(stateFromQuery('?engine=tgi').problems).toEqual([
      'engine=tgi: expected one of vllm, llama.cpp, sglang',
    ]);
  });
});
