import { describe, expect, it } from 'vitest';
import { deriveModel } from '../../../src/requests/derive-model.js';
import {
  decoderTensors,
  elementsOf,
  exactMatch,
  type Tensors,
  verifyHeader,
} from '../../support/decoder-checkpoint.js';
import { loadJson } from '../../support/fixtures.js';

// Qwen3.5-MoE's text model. The one exact published figure at hand, nex-agi/Nex-N2.5-mini's
// 35,107,181,936, counts the vision tower too (the composite qwen3_5_moe, not this family), so
// no exact text-only count exists: the total here is the sum of the header written by hand from
// modeling_qwen3_5_moe.py for Nex-N2.5-mini's text_config (test/fixtures/qwen3-5-moe-text.json,
// copied from the shared hf-models-3 fixtures), experts stored one by one as its checkpoint does.
const fixture = loadJson<{ text_config: Record<string, unknown> & { layer_types: string[] } }>(
  'qwen3-5-moe-text.json',
);
const config = { ...fixture.text_config, architectures: ['Qwen3_5MoeForCausalLM'] };

/**
 * d = 2048; DeltaNet 16 key heads of 128 (2048), 32 value heads of 128 (4096): in_proj_qkv
 * 2·2048 + 4096 = 8192, in_proj_z 4096, in_proj_b and in_proj_a 32, conv [8192, 1, 4]; gated
 * attention 16 heads of 256 (q_proj 2·4096 = 8192), 2 key/value heads (512); 256 experts of 512,
 * a shared expert of 512 and its gate; untied head.
 */
function textTensors(): Tensors {
  const swiglu = (prefix: string): Tensors => [
    [`${prefix}.gate_proj.weight`, [512, 2048]],
    [`${prefix}.up_proj.weight`, [512, 2048]],
    [`${prefix}.down_proj.weight`, [2048, 512]],
  ];
  const moe: Tensors = [
    ['mlp.gate.weight', [256, 2048]],
    ...Array.from({ length: 256 }, (_, e) => swiglu(`mlp.experts.${e}`)).flat(),
    ...swiglu('mlp.shared_expert'),
    ['mlp.shared_expert_gate.weight', [1, 2048]],
  ];
  const deltaNet: Tensors = [
    ['linear_attn.in_proj_qkv.weight', [8192, 2048]],
    ['linear_attn.in_proj_z.weight', [4096, 2048]],
    ['linear_attn.in_proj_b.weight', [32, 2048]],
    ['linear_attn.in_proj_a.weight', [32, 2048]],
    ['linear_attn.conv1d.weight', [8192, 1, 4]],
    ['linear_attn.dt_bias', [32]],
    ['linear_attn.A_log', [32]],
    ['linear_attn.norm.weight', [128]],
    ['linear_attn.out_proj.weight', [2048, 4096]],
  ];
  const attention: Tensors = [
    ['self_attn.q_proj.weight', [8192, 2048]],
    ['self_attn.k_proj.weight', [512, 2048]],
    ['self_attn.v_proj.weight', [512, 2048]],
    ['self_attn.o_proj.weight', [2048, 4096]],
    ['self_attn.q_norm.weight', [256]],
    ['self_attn.k_norm.weight', [256]],
  ];
  return decoderTensors(
    [
      ['model.embed_tokens.weight', [248320, 2048]],
      ['model.norm.weight', [2048]],
      ['lm_head.weight', [248320, 2048]],
    ],
    40,
    (i) => [
      ...(config.layer_types[i] === 'full_attention' ? attention : deltaNet),
      ...moe,
      ['input_layernorm.weight', [2048]],
      ['post_attention_layernorm.weight', [2048]],
    ],
  );
}

describe('qwen3_5_moe_text (the text model of Nex-N2.5-mini)', () => {
  it("matches the text model's checkpoint by every tensor name and shape", () => {
    const tensors = textTensors();
    const run = verifyHeader(config, tensors);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(tensors)));
  });

  it('takes the default layers when none are listed: full attention every fourth', () => {
    const { layer_types: _, ...unlisted } = config;
    const report = deriveModel({ config: unlisted, source: 'qwen3_5_moe_text' });
    expect(report).toHaveParams(elementsOf(textTensors()));
    expect(report.bindings).toMatchObject({ L_lin: 30n, L_attn: 10n, E: 256n });
  });

  it('has the causal LM and the text model only', () => {
    const source = 'qwen3_5_moe_text';
    expect(() => deriveModel({ config, source, className: 'Qwen3_5MoeTextModel' })).not.toThrow();
    expect(() =>
      deriveModel({ config, source, className: 'Qwen3_5MoeForSequenceClassification' }),
    ).toThrow(/Qwen3_5MoeForCausalLM/);
  });
});
