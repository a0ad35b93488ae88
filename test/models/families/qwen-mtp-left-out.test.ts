import { describe, expect, it } from 'vitest';
import { expectedParameters } from '../../../src/analysis/verify.js';
import { deriveModel } from '../../../src/requests/derive-model.js';
import {
  decoderTensors,
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

// The `mtp.*` module of Qwen3-Next's and Qwen3.5's checkpoints, written from vLLM's
// qwen3_next_mtp.py and qwen3_5_mtp.py (transformers skips it on load): `mtp.fc` [d, 2d] without
// bias, `mtp.layers.N` full-attention decoder layers (vLLM's layer index N, so layer 0's
// feed-forward), the RMSNorms `mtp.norm`, `mtp.pre_fc_norm_hidden`, `mtp.pre_fc_norm_embedding`
// [d]; no embedding or head of its own. A dense Qwen3.5's is 15 tensors, as tools that read the
// Hub's checkpoints count them.

/** Qwen3.5's small attention layer (test/support/qwen3-5-checkpoint.ts): d 64, 4 heads of 16, 2 KV. */
const attention: Tensors = [
  ['self_attn.q_proj.weight', [128, 64]],
  ['self_attn.k_proj.weight', [32, 64]],
  ['self_attn.v_proj.weight', [32, 64]],
  ['self_attn.o_proj.weight', [64, 64]],
  ['self_attn.q_norm.weight', [16]],
  ['self_attn.k_norm.weight', [16]],
];

/** `mtp.*` for `layers` MTP layers with `feedForward`, at d = 64. */
function mtpTensors(layers: number, feedForward: Tensors): Tensors {
  const t: Tensors = [
    ['mtp.fc.weight', [64, 128]],
    ['mtp.norm.weight', [64]],
    ['mtp.pre_fc_norm_hidden.weight', [64]],
    ['mtp.pre_fc_norm_embedding.weight', [64]],
  ];
  for (let i = 0; i < layers; i++)
    for (const [name, shape] of [
      ...attention,
      ...feedForward,
      ['input_layernorm.weight', [64]] as [string, number[]],
      ['post_attention_layernorm.weight', [64]] as [string, number[]],
    ])
      t.push([`mtp.layers.${i}.${name}`, shape]);
  return t;
}

const experts: Tensors = [
  ['mlp.gate.weight', [3, 64]],
  ...[0, 1, 2].flatMap((e) => swiglu(`mlp.experts.${e}`, 8)),
  ...swiglu('mlp.shared_expert', 6),
  ['mlp.shared_expert_gate.weight', [1, 64]],
];

/** What verify says of the MTP tensors it set aside. */
const setAside = (count: number) => ({
  name: `mtp.* (${count} tensors)`,
  reason: expect.stringMatching(/multi-token-prediction.*transformers\s+does not load/),
});

describe('Qwen3.5 and Qwen3-Next MTP tensors (left out)', () => {
  it('sets aside a dense Qwen3.5 checkpoint’s 15 mtp tensors and matches the rest', () => {
    const config = {
      architectures: ['Qwen3_5ForConditionalGeneration'],
      model_type: 'qwen3_5',
      vision_config: { model_type: 'qwen3_5_vision', ...smallVision },
      text_config: { model_type: 'qwen3_5_text', ...smallText, intermediate_size: 20 },
    };
    const main: Tensors = [
      ...qwen35Visual('model.'),
      ...qwen35Language('model.language_model.', swiglu('mlp', 20)),
      ['lm_head.weight', [100, 64]],
    ];
    const mtp = mtpTensors(1, swiglu('mlp', 20));
    expect(mtp).toHaveLength(15);
    const run = verifyHeader(config, [...main, ...mtp]);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(main)));
    expect(run.json.explained).toContainEqual(setAside(15));
  });

  it('sets aside two MTP layers of experts in a Qwen3.5-MoE text checkpoint', () => {
    const config = {
      architectures: ['Qwen3_5MoeForCausalLM'],
      model_type: 'qwen3_5_moe_text',
      ...smallText,
      num_experts: 3,
      num_experts_per_tok: 2,
      moe_intermediate_size: 8,
      shared_expert_intermediate_size: 6,
      mtp_num_hidden_layers: 2,
    };
    const main: Tensors = [...qwen35Language('model.', experts), ['lm_head.weight', [100, 64]]];
    const mtp = mtpTensors(2, experts);
    const run = verifyHeader(config, [...main, ...mtp]);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(main)));
    expect(run.json.explained).toContainEqual(setAside(mtp.length));
  });

  it('matches a checkpoint without mtp tensors, and says nothing of them', () => {
    const config = {
      architectures: ['Qwen3_5ForCausalLM'],
      model_type: 'qwen3_5_text',
      ...smallText,
      intermediate_size: 20,
    };
    const main: Tensors = [
      ...qwen35Language('model.', swiglu('mlp', 20)),
      ['lm_head.weight', [100, 64]],
    ];
    const run = verifyHeader(config, main);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(main)));
    expect(JSON.stringify(run.json.explained)).not.toMatch(/mtp/);
  });

  it('sets aside a Qwen3-Next MTP layer, dense when layer 0 is in mlp_only_layers', () => {
    // d 64, no DeltaNet layer (full_attention_interval 1), 3 experts of 8 and a shared one of 6;
    // layer 0 dense (SwiGLU 20), so vLLM's `mtp.layers.0` is dense as well.
    const config = {
      architectures: ['Qwen3NextForCausalLM'],
      model_type: 'qwen3_next',
      ...smallText,
      num_hidden_layers: 2,
      full_attention_interval: 1,
      intermediate_size: 20,
      num_experts: 3,
      num_experts_per_tok: 2,
      moe_intermediate_size: 8,
      shared_expert_intermediate_size: 6,
      mlp_only_layers: [0],
    };
    const main = decoderTensors(
      [
        ['model.embed_tokens.weight', [100, 64]],
        ['model.norm.weight', [64]],
        ['lm_head.weight', [100, 64]],
      ],
      2,
      (i) => [
        ...attention,
        ...(i === 0 ? swiglu('mlp', 20) : experts),
        ['input_layernorm.weight', [64]],
        ['post_attention_layernorm.weight', [64]],
      ],
    );
    const mtp = mtpTensors(1, swiglu('mlp', 20));
    const run = verifyHeader(config, [...main, ...mtp]);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(main)));
    expect(run.json.explained).toContainEqual(setAside(mtp.length));
  });

  it("adds up to Qwen3-Next-80B-A3B's checkpoint with the MTP module", () => {
    // test/fixtures/qwen3-next-mtp.json: 81,324,862,720 elements in 75,944 tensors, the
    // safetensors index of a checkpoint with Qwen3-Coder-Next's shapes (qwen3-next.json).
    const checkpoint = loadJson<{ checkpoint_elements: number; checkpoint_tensors: number }>(
      'qwen3-next-mtp.json',
    );
    const { config } = loadJson<{ config: Record<string, unknown> }>('qwen3-next.json');
    const report = deriveModel({ config, source: 'qwen3_next' });
    const mtp = report.model!.leftOut!.find((l) => l.key === 'mtp')!;
    expect(report.total! + mtp.derivation.value!).toBe(BigInt(checkpoint.checkpoint_elements));
    const count = (part: typeof report.part) =>
      expectedParameters(part, report.bindings).parameters.length;
    expect(count(report.part) + count(mtp.part)).toBe(checkpoint.checkpoint_tensors);
  });

  it('derives the MTP layer of Nex-N2.5-mini as the fixture’s notes give it', () => {
    // test/fixtures/qwen-vl.json, from the shared hf-models-3 fixtures: "an MTP layer would add
    // 844,640,768" (Nex-N2.5-mini's published total holds none).
    const { models } = loadJson<{ models: Array<{ name: string; config: object }> }>(
      'qwen-vl.json',
    );
    const nex = models.find((m) => m.name === 'nex-agi/Nex-N2.5-mini')!;
    const report = deriveModel({ config: nex.config as Record<string, unknown>, source: 'nex' });
    const mtp = report.model!.leftOut!.find((l) => l.key === 'mtp')!;
    expect(mtp.derivation.value).toBe(844_640_768n);
  });
});
