import { describe, expect, it } from 'vitest';
import { deriveModel } from '../../../src/requests/derive-model.js';
import { loadJson } from '../../support/fixtures.js';

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

describe('qwen3_5_moe (Qwen3.5-MoE)', () => {
  it('counts Nex-N2.5-mini as published', () => {
    const report = deriveModel({ config: nex.config, source: nex.name });
    expect(report.model?.className).toBe(nex.hf_class);
    expect(report.total).toBe(BigInt(nex.total_params));
  });
});
