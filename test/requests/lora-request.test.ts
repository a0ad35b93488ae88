import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors/user-error.js';
import { findPreset } from '../../src/models/presets.js';
import { deriveModel } from '../../src/requests/derive-model.js';
import { loraFigures, type LoraRequest } from '../../src/requests/lora-request.js';
import { memoryFigures } from '../../src/requests/memory-request.js';

const derived = (name: string) => {
  const preset = findPreset(name)!;
  return deriveModel({ config: preset.config, source: preset.repository });
};
const names = (...list: string[]): LoraRequest['targets'] => ({ kind: 'names', names: list });
const lora = (report: ReturnType<typeof derived>, request: Partial<LoraRequest>) => () =>
  loraFigures(report, { rank: 8n, alpha: 8, ...request });

describe('the LoRA request: each mistake one line naming the option', () => {
  const llama = derived('llama-2-7b');
  it('a target that matches nothing lists the Linear names the model has', () => {
    expect(lora(llama, { targets: names('qproj') })).toThrow(
      /--target-modules qproj: matches no module of LlamaForCausalLM; its Linear layers are named q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj, lm_head/,
    );
  });

  it('a target that is no Linear, Conv1D or Embedding is refused, as PEFT refuses it', () => {
    expect(lora(llama, { targets: names('mlp') })).toThrow(
      /--target-modules mlp: matches model\.layers\.0\.mlp, which is not a Linear/,
    );
    expect(lora(llama, { targets: names('input_layernorm') })).toThrow(UserError);
  });

  it('a tied head holds no weight of its own to adapt', () => {
    expect(lora(derived('gemma-2b'), { targets: names('lm_head') })).toThrow(
      /lm_head holds no weight of its own \(tied/,
    );
  });

  it('a rank of zero, a broken pattern, and a model_type PEFT has no default for', () => {
    expect(lora(llama, { rank: 0n })).toThrow(/--rank 0: expected a positive integer/);
    expect(lora(llama, { targets: { kind: 'regex', pattern: '(' } })).toThrow(
      /--target-regex \(: not a regular expression/,
    );
    expect(lora(derived('llava-1.5-7b'), {})).toThrow(
      /--target-modules: PEFT has no default for model_type llava/,
    );
  });

  it('modules_to_save names that match nothing are said, as PEFT passes over them', () => {
    const { count } = lora(llama, { targets: names('q_proj'), modulesToSave: ['score'] })();
    expect(count.unsaved).toEqual(['score']);
    expect(count.copies).toBeUndefined();
  });
});

describe('the memory request with --lora', () => {
  const llama = derived('llama-2-7b');
  const base = { weights: { dtype: 'bf16' as const }, batch: 1n };
  const training = {
    optimizer: 'adamw' as const,
    zero: 0 as const,
    gpus: 1n,
    tensorParallel: 1n,
    sequenceParallel: false,
    recompute: 'none' as const,
  };
  const request = { lora: { rank: 8n, alpha: 8 }, qlora: false, adapterDtype: 'fp32' as const };
  it('goes with --training, ZeRO stage 0 and one tensor-parallel rank', () => {
    expect(() => memoryFigures(llama, { ...base, lora: request })).toThrow(/add --training/);
    expect(() =>
      memoryFigures(llama, { ...base, training: { ...training, zero: 2 }, lora: request }),
    ).toThrow(/--zero 2 with --lora: not modelled/);
  });

  it('--qlora takes a 16- or 32-bit --dtype for what stays wide', () => {
    expect(() =>
      memoryFigures(llama, {
        ...base,
        weights: { dtype: 'int4' },
        training,
        lora: { ...request, qlora: true },
      }),
    ).toThrow(/--qlora stores the Linear weights in NF4 .*not int4/);
  });

  it('adds the frozen base, the adapters and the activations', () => {
    const figures = memoryFigures(llama, { ...base, training, lora: request }).lora!;
    expect(figures.total.value).toBe(
      figures.base.bytes! + figures.adapters.value! + figures.activations!.value!,
    );
    // LoRA keeps the base as the weights' figure: 2 bytes a parameter in bf16.
    expect(figures.base.bytes).toBe(2n * llama.total!);
  });
});
