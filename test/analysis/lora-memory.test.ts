import { describe, expect, it } from 'vitest';
import { adapterMemory, keptWide, nf4, qloraBase } from '../../src/analysis/lora-memory.js';
import { modelModules } from '../../src/analysis/lora-modules.js';
import { findPreset } from '../../src/models/presets.js';
import { deriveModel } from '../../src/requests/derive-model.js';
import { loraFigures } from '../../src/requests/lora-request.js';

const derived = (name: string, className?: string) => {
  const preset = findPreset(name)!;
  return deriveModel({
    config: preset.config,
    source: preset.repository,
    ...(className ? { className } : {}),
  });
};

describe('QLoRA: the frozen base in NF4 with double quantization (Dettmers et al. 2023)', () => {
  const report = derived('llama-2-7b');
  const base = qloraBase(report, modelModules(report.part, report.bindings), 16);

  it('keeps 8/64 + 32/(64·256) = 0.127 bits of constants a weight (§3, double quantization)', () => {
    const constants = nf4.blockBits * Number(base.blocks) + nf4.block2Bits * Number(base.blocks2);
    expect(constants / Number(base.quantized.value!)).toBeCloseTo(0.127, 3);
  });

  it('stores the NF4 weights in 4 bits and what stays wide in 16, bytes the bits ÷ 8', () => {
    const p4 = base.quantized.value!;
    const rest = report.total! - p4;
    const bits = 4n * p4 + 8n * base.blocks + 32n * base.blocks2 + 16n * rest;
    expect(base.base.value).toBe(bits);
    expect(base.bytes).toBe((bits + 7n) / 8n);
  });

  it('leaves out what transformers keeps wide (get_keys_to_not_convert)', () => {
    // An output head of its own stays in 16 bits.
    expect(base.kept).toEqual(['lm_head']);
    // A head tied to the embeddings: the last parameter is the final norm, no Linear to keep.
    const tied = derived('gemma-2b');
    expect(keptWide(modelModules(tied.part, tied.bindings))).toEqual([]);
    // No output embedding (a classifier): the last module, the classifier.
    const vit = derived('vit-base-patch16-224-in21k', 'ViTForImageClassification');
    expect(keptWide(modelModules(vit.part, vit.bindings))).toEqual(['classifier']);
  });
});

describe('the trainable parameters in training', () => {
  const report = derived('llama-2-7b');
  const { count } = loraFigures(report, {
    rank: 8n,
    alpha: 8,
    targets: { kind: 'names', names: ['q_proj', 'v_proj'] },
  });
  const perParameter = (o: Parameters<typeof adapterMemory>[1], t: 'fp32' | 'bf16') =>
    Number(adapterMemory(count, o, t).value! / count.trainable.value!);

  it('fp32 adapters need no master copy: 4 + 4 bytes and the moments (ZeRO paper K − 4)', () => {
    expect(perParameter('adamw', 'fp32')).toBe(4 + 4 + 8);
    expect(perParameter('sgd', 'fp32')).toBe(4 + 4 + 4);
    expect(perParameter('adam-8bit', 'fp32')).toBe(4 + 4 + 2);
  });

  it('bf16 adapters in mixed precision: 2 + 2 + K, as the ZeRO paper counts (K = 12 for Adam)', () => {
    expect(perParameter('adam', 'bf16')).toBe(2 + 2 + 12);
  });
});
