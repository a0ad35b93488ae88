import { describe, expect, it } from 'vitest';
import { deriveModel } from '../../../src/requests/derive-model.js';
import {
  elementsOf,
  exactMatch,
  type Tensors,
  verifyHeader,
} from '../../support/decoder-checkpoint.js';
import { loadJson } from '../../support/fixtures.js';
import {
  qwen35Language,
  qwen35Visual,
  smallText,
  smallVision,
  swiglu,
} from '../../support/qwen3-5-checkpoint.js';

// Qwen3.5-MoE against test/fixtures/qwen-vl.json: Nex-N2.5-mini, 35,107,181,936 (a published
// catalog's figure, equal to its safetensors index total_size / 2). The composite nests the text
// model the `qwen3_5_moe_text` family builds (Gated DeltaNet) under the Qwen3.5 tower.
interface Case {
  name: string;
  hf_class: string;
  config: Record<string, unknown>;
  total_params: number;
}
const { models } = loadJson<{ models: Case[] }>('qwen-vl.json');
const nex = models.find((m) => m.name === 'nex-agi/Nex-N2.5-mini')!;

/**
 * A small Qwen3.5-MoE (test/support/qwen3-5-checkpoint.ts): 3 experts of 8, a shared expert of 6
 * and its sigmoid gate [1, 64] in every layer; the router `mlp.gate` [3, 64].
 */
const small = {
  architectures: ['Qwen3_5MoeForConditionalGeneration'],
  model_type: 'qwen3_5_moe',
  vision_config: { model_type: 'qwen3_5_moe_vision', ...smallVision },
  text_config: {
    model_type: 'qwen3_5_moe_text',
    ...smallText,
    num_experts: 3,
    num_experts_per_tok: 2,
    moe_intermediate_size: 8,
    shared_expert_intermediate_size: 6,
  },
};

/** The sparse block as the Hub's checkpoints store it: each expert apart. */
const perExpert: Tensors = [
  ['mlp.gate.weight', [3, 64]],
  ...[0, 1, 2].flatMap((e) => swiglu(`mlp.experts.${e}`, 8)),
  ...swiglu('mlp.shared_expert', 6),
  ['mlp.shared_expert_gate.weight', [1, 64]],
];

const checkpoint = (block: Tensors): Tensors => [
  ...qwen35Visual('model.'),
  ...qwen35Language('model.language_model.', block),
  ['lm_head.weight', [100, 64]],
];

describe('qwen3_5_moe (Qwen3.5-MoE), a small checkpoint name by name', () => {
  it('counts the header written from the modeling code', () => {
    const report = deriveModel({ config: small, source: 'small Qwen3.5-MoE' });
    expect(report.model?.className).toBe('Qwen3_5MoeForConditionalGeneration');
    expect(report.total).toBe(BigInt(elementsOf(checkpoint(perExpert))));
  });

  it("matches the Hub's layout: model.visual, model.language_model, experts one by one", () => {
    const tensors = checkpoint(perExpert);
    const run = verifyHeader(small, tensors);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(tensors)));
  });
});

describe('qwen3_5_moe (Qwen3.5-MoE)', () => {
  it('counts Nex-N2.5-mini as published', () => {
    const report = deriveModel({ config: nex.config, source: nex.name });
    expect(report.model?.className).toBe(nex.hf_class);
    expect(report.total).toBe(BigInt(nex.total_params));
  });
});
