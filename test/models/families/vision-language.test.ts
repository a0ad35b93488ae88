import { describe, expect, it } from 'vitest';
import { deriveModel } from '../../../src/requests/derive-model.js';
import { loadJson } from '../../support/fixtures.js';
import {
  elementsOf,
  exactMatch,
  type Tensors,
  verifyHeader,
} from '../../support/decoder-checkpoint.js';

// Composites against test/fixtures/vision-language.json (published totals, re-created shape by
// shape) and the gemma-3-4b-it header (test/fixtures/headers/), all from outside the project.
interface Case {
  name: string;
  hf_class: string;
  config: Record<string, unknown>;
  total_params: number;
}
const { models } = loadJson<{ models: Case[] }>('vision-language.json');
const header = loadJson<{ class: string; tensors: Record<string, number[]> }>(
  'headers/gemma-3-4b-it.json',
);
const gemma = models.find((m) => m.name === 'google/gemma-3-4b-it')!;

describe('vision-language composites: totals', () => {
  it.each(models.map((m) => [m.name, m] as const))('%s', (_, model) => {
    const report = deriveModel({ config: model.config, source: model.name });
    expect(report.model?.className).toBe(model.hf_class);
    expect(report.total).toBe(BigInt(model.total_params));
  });

  it('the base class is the three parts side by side, without the head', () => {
    const report = deriveModel({
      config: gemma.config,
      source: gemma.name,
      className: 'Gemma3Model',
    });
    // The head is tied: the base class holds every parameter the generation class does.
    expect(report.total).toBe(BigInt(gemma.total_params));
  });
});

describe('vision-language composites: verify', () => {
  const tensors: Tensors = Object.entries(header.tensors);

  it("gemma-3-4b-it's named parameters match name by name", () => {
    expect(elementsOf(tensors)).toBe(gemma.total_params);
    const run = verifyHeader(gemma.config, tensors);
    expect(run.code).toBe(0);
    expect(run.json).toMatchObject(exactMatch(gemma.total_params));
  });

  it('a checkpoint in the older layout (language_model.model.…) is read as today’s names', () => {
    // Gemma3ForConditionalGeneration._checkpoint_conversion_mapping, read backwards: how the
    // checkpoints on the Hub name the same tensors.
    const legacy: Tensors = tensors.map(([name, shape]) => [
      name
        .replace(/^model\.language_model\./, 'language_model.model.')
        .replace(/^model\.vision_tower\./, 'vision_tower.')
        .replace(/^model\.multi_modal_projector\./, 'multi_modal_projector.'),
      shape,
    ]);
    const run = verifyHeader(gemma.config, legacy);
    expect(run.code).toBe(0);
    expect(run.json).toMatchObject(exactMatch(gemma.total_params));
  });
});

describe('vision-language composites: memory and compute', () => {
  it('the KV cache is the language model’s; the towers are in the weights only', () => {
    const composite = deriveModel({ config: gemma.config, source: gemma.name });
    const text = deriveModel({
      config: { ...(gemma.config.text_config as object), model_type: 'gemma3_text' },
      source: 'text',
    });
    expect(composite.model?.kvCache).toEqual(text.model?.kvCache);
  });
});
