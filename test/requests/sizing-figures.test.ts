import { describe, expect, it } from 'vitest';
import { ratioNumber } from '../../src/analysis/roofline.js';
import { parseGpu } from '../../src/hardware/gpu-table.js';
import { findPreset } from '../../src/models/presets.js';
import { deriveModel } from '../../src/requests/derive-model.js';
import { fitsOn } from '../../src/requests/fits.js';
import { modelFigures } from '../../src/requests/model-figures.js';
import { speedFigures } from '../../src/requests/speed-request.js';
import { loadJson } from '../support/fixtures.js';

const derived = (name: string) => {
  const preset = findPreset(name)!;
  return deriveModel({ config: preset.config, source: preset.repository });
};
interface LoraCase {
  args: string[];
  config?: Record<string, unknown>;
  trainable: number;
  total: number;
}
const loraCases = loadJson<{ cases: LoraCase[] }>('published-lora.json').cases;
interface SpeedCase {
  config?: Record<string, unknown>;
  gpu: string;
  dtype: 'fp16';
  test: 'tg' | 'pp';
  context: number;
  measured: number;
}
const speedCases = loadJson<{ cases: SpeedCase[] }>('published-speeds.json').cases;

describe("a model's sizing figures: LoRA, QLoRA, and on GPUs the roofline and fits", () => {
  const llama = derived('llama-2-7b');

  it("with no options, PEFT's defaults: r = 8 on q_proj, v_proj, PEFT's published LLaMA-7B count", () => {
    const published = loraCases[0]!;
    const { sizing } = modelFigures(llama)!;
    expect(sizing.lora?.targetsFrom).toBe('peft');
    expect(sizing.lora?.count.trainable.value).toBe(BigInt(published.trainable));
    expect(sizing.lora?.count.total.value).toBe(BigInt(published.total));
    expect(sizing.qlora?.qlora).toBe(true);
    expect(sizing.speed).toBeUndefined();
    expect(sizing.fits).toBeUndefined();
  });

  it("mt0-large with no targets: PEFT's default for mt5 (q, v), the README's 2,359,296", () => {
    const published = loraCases.find((c) => c.config && !c.args.includes('--target-modules'))!;
    const report = deriveModel({ config: published.config!, source: 'published-lora.json' });
    const { sizing } = modelFigures(report, { lora: { rank: 8n } })!;
    expect(sizing.lora?.count.trainable.value).toBe(BigInt(published.trainable));
    expect(sizing.lora?.count.total.value).toBe(BigInt(published.total));
  });

  it('the rank and targets asked for, or no LoRA at all', () => {
    const names = (...list: string[]) => ({ kind: 'names' as const, names: list });
    const at = (rank: bigint) =>
      modelFigures(llama, { lora: { rank, targetModules: names('q_proj', 'v_proj') } })!.sizing
        .lora!.count.trainable.value!;
    // LoRA's count is linear in r: PEFT's 4,194,304 at r = 8 is 8 × 524,288.
    expect(at(16n)).toBe(2n * BigInt(loraCases[0]!.trainable));
    expect(modelFigures(llama, { lora: false })!.sizing).toEqual({});
    expect(() =>
      modelFigures(llama, { lora: { rank: 8n, targetModules: names('qproj') } }),
    ).toThrow(/--target-modules qproj: matches no module/);
  });

  it('a model_type PEFT has no default for shows no LoRA, unless targets are named', () => {
    const deepseek = derived('deepseek-v3');
    expect(modelFigures(deepseek)!.sizing.lora).toBeUndefined();
    expect(() => modelFigures(deepseek, { lora: { rank: 8n } })).toThrow(
      /PEFT has no default for model_type deepseek_v3/,
    );
  });

  it('on a GPU: the figures tparams speed and memory --gpu give at the same sizes', () => {
    const gpu = parseGpu('rtx-4090');
    const figures = modelFigures(llama, { gpu })!;
    const request = {
      weights: { dtype: 'bf16' as const },
      kvDtype: 'bf16' as const,
      context: 4096n,
      batch: 1n,
    };
    const speed = speedFigures(llama, { ...request, gpu });
    expect(ratioNumber(figures.sizing.speed!.decodeTokensPerSecond)).toBe(
      ratioNumber(speed.decodeTokensPerSecond),
    );
    expect(figures.sizing.speed!.prefillSeconds).toEqual(speed.prefillSeconds);
    expect(figures.sizing.fits).toEqual(fitsOn(llama, request, gpu));
    // The cache's own type: half the bytes in fp8 (NVIDIA's 2 GiB at 4,096 tokens in 16 bits).
    const fp8 = modelFigures(llama, { gpu, kvDtype: 'fp8' })!;
    expect(fp8.memory.find((f) => f.key === 'kvContext')!.derivation.value).toBe(2n ** 30n);
    expect(fp8.sizing.speed!.memory.kv!.dtype).toBe('fp8');
  });

  it("the decode bound lies above llama-bench's measured speed (llama.cpp PR #4766)", () => {
    const tg = speedCases.find((c) => c.test === 'tg' && c.config)!;
    const report = deriveModel({ config: tg.config!, source: 'published-speeds.json' });
    const { sizing } = modelFigures(report, {
      dtype: tg.dtype,
      context: BigInt(tg.context),
      gpu: parseGpu(tg.gpu),
    })!;
    expect(ratioNumber(sizing.speed!.decodeTokensPerSecond)).toBeGreaterThan(tg.measured);
  });

  it('an encoder keeps no cache: no decode bound, but what fits', () => {
    const bert = modelFigures(derived('bert-base-uncased'), { gpu: parseGpu('l4') })!;
    expect(bert.sizing.speed).toBeUndefined();
    expect(bert.sizing.fits?.asked.fits).toBe(true);
  });

  it('a config with a hundred thousand layers gets no default LoRA row (its walk would name millions)', () => {
    const preset = findPreset('llama-2-7b')!;
    const deep = deriveModel({
      config: { ...preset.config, num_hidden_layers: 100_000 },
      source: 'a fuzzed config',
    });
    expect(modelFigures(deep)!.sizing).toEqual({});
  });
});
