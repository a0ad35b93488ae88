import { describe, expect, it } from 'vitest';
import { deriveModel } from '../../../src/requests/derive-model.js';
import {
  elementsOf,
  exactMatch,
  type Tensors,
  verifyHeader,
} from '../../support/decoder-checkpoint.js';

// Qwen3-VL and Qwen3-VL-MoE: no exact published count of a checkpoint was at hand (the cards say
// "8B", "30B-A3B"), so the truth here is a header whose every name and shape is written from
// modeling_qwen3_vl.py / modeling_qwen3_vl_moe.py for nested configs of those models' sizes, in
// today's layout (`model.visual.…`, `model.language_model.…`, `lm_head`), and the sum of its shapes.
const vision = {
  depth: 27,
  hidden_size: 1152,
  intermediate_size: 4304,
  num_heads: 16,
  patch_size: 16,
  spatial_merge_size: 2,
  temporal_patch_size: 2,
  out_hidden_size: 4096,
  num_position_embeddings: 2304,
  deepstack_visual_indexes: [8, 16, 24],
};

const dense = {
  model_type: 'qwen3_vl',
  vision_config: { model_type: 'qwen3_vl', ...vision },
  text_config: {
    model_type: 'qwen3_vl_text',
    vocab_size: 151936,
    hidden_size: 4096,
    intermediate_size: 12288,
    num_hidden_layers: 36,
    num_attention_heads: 32,
    num_key_value_heads: 8,
    head_dim: 128,
    tie_word_embeddings: false,
  },
};

const moe = {
  model_type: 'qwen3_vl_moe',
  vision_config: { model_type: 'qwen3_vl_moe', ...vision, out_hidden_size: 2048 },
  text_config: {
    model_type: 'qwen3_vl_moe_text',
    vocab_size: 151936,
    hidden_size: 2048,
    intermediate_size: 6144,
    num_hidden_layers: 48,
    num_attention_heads: 32,
    num_key_value_heads: 4,
    head_dim: 128,
    moe_intermediate_size: 768,
    num_experts: 128,
    num_experts_per_tok: 8,
    tie_word_embeddings: false,
  },
};

/** The tower's tensors under `model.visual.`, for a text width `out`. */
function visual(out: number): Tensors {
  const [d, f, m2] = [1152, 4304, 1152 * 4];
  const v = 'model.visual.';
  const t: Tensors = [
    [`${v}patch_embed.proj.weight`, [d, 3, 2, 16, 16]],
    [`${v}patch_embed.proj.bias`, [d]],
    [`${v}pos_embed.weight`, [2304, d]],
  ];
  for (let i = 0; i < 27; i++) {
    const b = `${v}blocks.${i}.`;
    t.push(
      [`${b}norm1.weight`, [d]],
      [`${b}norm1.bias`, [d]],
      [`${b}norm2.weight`, [d]],
      [`${b}norm2.bias`, [d]],
      [`${b}attn.qkv.weight`, [3 * d, d]],
      [`${b}attn.qkv.bias`, [3 * d]],
      [`${b}attn.proj.weight`, [d, d]],
      [`${b}attn.proj.bias`, [d]],
      [`${b}mlp.linear_fc1.weight`, [f, d]],
      [`${b}mlp.linear_fc1.bias`, [f]],
      [`${b}mlp.linear_fc2.weight`, [d, f]],
      [`${b}mlp.linear_fc2.bias`, [d]],
    );
  }
  const merger = (p: string, normWidth: number): Tensors => [
    [`${p}norm.weight`, [normWidth]],
    [`${p}norm.bias`, [normWidth]],
    [`${p}linear_fc1.weight`, [m2, m2]],
    [`${p}linear_fc1.bias`, [m2]],
    [`${p}linear_fc2.weight`, [out, m2]],
    [`${p}linear_fc2.bias`, [out]],
  ];
  t.push(...merger(`${v}merger.`, d));
  for (let i = 0; i < 3; i++) t.push(...merger(`${v}deepstack_merger_list.${i}.`, m2));
  return t;
}

/** A Qwen3 attention block's tensors (no biases, per-head Q/K norms). */
const attention = (l: string, d: number, heads: number, kv: number): Tensors => [
  [`${l}self_attn.q_proj.weight`, [heads * 128, d]],
  [`${l}self_attn.k_proj.weight`, [kv * 128, d]],
  [`${l}self_attn.v_proj.weight`, [kv * 128, d]],
  [`${l}self_attn.o_proj.weight`, [d, heads * 128]],
  [`${l}self_attn.q_norm.weight`, [128]],
  [`${l}self_attn.k_norm.weight`, [128]],
  [`${l}input_layernorm.weight`, [d]],
  [`${l}post_attention_layernorm.weight`, [d]],
];

function denseCheckpoint(): Tensors {
  const [d, ff, V] = [4096, 12288, 151936];
  const lm = 'model.language_model.';
  const t: Tensors = [...visual(d), [`${lm}embed_tokens.weight`, [V, d]]];
  for (let i = 0; i < 36; i++) {
    const l = `${lm}layers.${i}.`;
    t.push(
      ...attention(l, d, 32, 8),
      [`${l}mlp.gate_proj.weight`, [ff, d]],
      [`${l}mlp.up_proj.weight`, [ff, d]],
      [`${l}mlp.down_proj.weight`, [d, ff]],
    );
  }
  t.push([`${lm}norm.weight`, [d]], ['lm_head.weight', [V, d]]);
  return t;
}

function moeCheckpoint(): Tensors {
  const [d, f, E, V] = [2048, 768, 128, 151936];
  const lm = 'model.language_model.';
  const t: Tensors = [...visual(d), [`${lm}embed_tokens.weight`, [V, d]]];
  for (let i = 0; i < 48; i++) {
    const l = `${lm}layers.${i}.`;
    t.push(
      ...attention(l, d, 32, 4),
      [`${l}mlp.gate.weight`, [E, d]],
      [`${l}mlp.experts.gate_up_proj`, [E, d, 2 * f]],
      [`${l}mlp.experts.down_proj`, [E, f, d]],
    );
  }
  t.push([`${lm}norm.weight`, [d]], ['lm_head.weight', [V, d]]);
  return t;
}

describe('qwen3_vl (Qwen3-VL)', () => {
  const total = elementsOf(denseCheckpoint());

  it('counts the header written from the modeling code', () => {
    const report = deriveModel({ config: dense, source: 'Qwen3-VL-8B sizes' });
    expect(report.model?.className).toBe('Qwen3VLForConditionalGeneration');
    expect(report.total).toBe(BigInt(total));
  });

  it('matches that header name by name', () => {
    const run = verifyHeader(dense, denseCheckpoint());
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(total));
  });

  it('has one DeepStack merger per listed layer', () => {
    const one = {
      ...dense,
      vision_config: { ...dense.vision_config, deepstack_visual_indexes: [8] },
    };
    const merger = 2 * 4608 + 4608 * 4608 + 4608 + 4096 * 4608 + 4096;
    expect(deriveModel({ config: one, source: 'one' }).total).toBe(BigInt(total - 2 * merger));
  });
});

describe('qwen3_vl_moe (Qwen3-VL-MoE)', () => {
  const total = elementsOf(moeCheckpoint());

  it('counts the header written from the modeling code', () => {
    const report = deriveModel({ config: moe, source: 'Qwen3-VL-30B-A3B sizes' });
    expect(report.model?.className).toBe('Qwen3VLMoeForConditionalGeneration');
    expect(report.total).toBe(BigInt(total));
  });

  it('matches that header name by name (fused experts as stored)', () => {
    const run = verifyHeader(moe, moeCheckpoint());
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(total));
  });

  it('a layer in mlp_only_layers is a dense SwiGLU of intermediate_size', () => {
    const withDense = { ...moe, text_config: { ...moe.text_config, mlp_only_layers: [0] } };
    const [d, f, E] = [2048, 768, 128];
    const delta = 3 * 6144 * d - (E * d + E * d * 2 * f + E * f * d);
    expect(deriveModel({ config: withDense, source: 'dense 0' }).total).toBe(BigInt(total + delta));
  });
});
