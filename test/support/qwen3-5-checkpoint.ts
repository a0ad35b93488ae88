import type { Tensors } from './decoder-checkpoint.js';

// A small Qwen3.5 composite's checkpoint, written by hand from modeling_qwen3_5.py and
// modeling_qwen3_5_moe.py (transformers 5): `Qwen3_5ForConditionalGeneration` holds
// `model.visual` (Qwen3_5VisionModel: no DeepStack mergers), `model.language_model`
// (Qwen3_5TextModel / Qwen3_5MoeTextModel) and `lm_head`. The classes declare no
// `_checkpoint_conversion_mapping`: the Hub's checkpoints are in this layout already.

/** The tower's fields: d 32, SwiGLU-free MLP of 48, 2 heads, 4×4 patches over 2 frames, 2×2 merge. */
export const smallVision = {
  depth: 2,
  hidden_size: 32,
  intermediate_size: 48,
  num_heads: 2,
  in_channels: 3,
  patch_size: 4,
  temporal_patch_size: 2,
  spatial_merge_size: 2,
  out_hidden_size: 64, // the text model's hidden_size
  num_position_embeddings: 16, // a 4 × 4 grid
};

/** The text fields both variants share: d 64, 4 heads of 16 (2 KV), DeltaNet 2×8 keys, 4×12 values. */
export const smallText = {
  vocab_size: 100,
  hidden_size: 64,
  num_hidden_layers: 4, // full_attention_interval 4 (default): layer 3 attends
  num_attention_heads: 4,
  num_key_value_heads: 2,
  head_dim: 16,
  linear_num_key_heads: 2,
  linear_key_head_dim: 8,
  linear_num_value_heads: 4,
  linear_value_head_dim: 12,
  linear_conv_kernel_dim: 3,
  tie_word_embeddings: false,
};

const withBias = (name: string, out: number, input: number): Tensors => [
  [`${name}.weight`, [out, input]],
  [`${name}.bias`, [out]],
];
const layerNorm = (name: string, d: number): Tensors => [
  [`${name}.weight`, [d]],
  [`${name}.bias`, [d]],
];

/**
 * Qwen3_5VisionModel under `prefix`: Conv3d `patch_embed.proj` [32, 3, 2, 4, 4] with bias,
 * `pos_embed` [16, 32], blocks of LayerNorms `norm1`/`norm2`, biased `attn.qkv` [96, 32] and
 * `attn.proj`, biased `mlp.linear_fc1`/`linear_fc2`; the `merger`: LayerNorm over 32 (no
 * post-shuffle norm), `linear_fc1` 4·32 = 128 → 128, `linear_fc2` 128 → 64, both biased.
 */
export function qwen35Visual(prefix: string): Tensors {
  const v = `${prefix}visual.`;
  const t: Tensors = [
    [`${v}patch_embed.proj.weight`, [32, 3, 2, 4, 4]],
    [`${v}patch_embed.proj.bias`, [32]],
    [`${v}pos_embed.weight`, [16, 32]],
  ];
  for (let i = 0; i < 2; i++) {
    const b = `${v}blocks.${i}.`;
    t.push(
      ...layerNorm(`${b}norm1`, 32),
      ...layerNorm(`${b}norm2`, 32),
      ...withBias(`${b}attn.qkv`, 96, 32),
      ...withBias(`${b}attn.proj`, 32, 32),
      ...withBias(`${b}mlp.linear_fc1`, 48, 32),
      ...withBias(`${b}mlp.linear_fc2`, 32, 48),
    );
  }
  t.push(
    ...layerNorm(`${v}merger.norm`, 32),
    ...withBias(`${v}merger.linear_fc1`, 128, 128),
    ...withBias(`${v}merger.linear_fc2`, 64, 128),
  );
  return t;
}

/**
 * Qwen3_5GatedDeltaNet: key_dim 2·8 = 16, value_dim 4·12 = 48, so in_proj_qkv 2·16 + 48 = 80,
 * in_proj_z 48, in_proj_b and in_proj_a 4 (one a value head), conv1d [80, 1, 3] without bias,
 * dt_bias and A_log [4], the gated RMSNorm over one value head [12], out_proj 48 → 64.
 */
const deltaNet: Tensors = [
  ['linear_attn.in_proj_qkv.weight', [80, 64]],
  ['linear_attn.in_proj_z.weight', [48, 64]],
  ['linear_attn.in_proj_b.weight', [4, 64]],
  ['linear_attn.in_proj_a.weight', [4, 64]],
  ['linear_attn.conv1d.weight', [80, 1, 3]],
  ['linear_attn.dt_bias', [4]],
  ['linear_attn.A_log', [4]],
  ['linear_attn.norm.weight', [12]],
  ['linear_attn.out_proj.weight', [64, 48]],
];

/** Qwen3_5Attention: q_proj 2·4·16 = 128 (queries and their gate), k/v 2·16 = 32, no biases. */
const attention: Tensors = [
  ['self_attn.q_proj.weight', [128, 64]],
  ['self_attn.k_proj.weight', [32, 64]],
  ['self_attn.v_proj.weight', [32, 64]],
  ['self_attn.o_proj.weight', [64, 64]],
  ['self_attn.q_norm.weight', [16]],
  ['self_attn.k_norm.weight', [16]],
];

/** A SwiGLU `gate_proj`/`up_proj`/`down_proj` of width `f` under `prefix`. */
export const swiglu = (prefix: string, f: number): Tensors => [
  [`${prefix}.gate_proj.weight`, [f, 64]],
  [`${prefix}.up_proj.weight`, [f, 64]],
  [`${prefix}.down_proj.weight`, [64, f]],
];

/**
 * The text model under `prefix` (`model.language_model.`): `embed_tokens` [100, 64], four layers
 * (DeltaNet at 0–2, attention at 3) with `feedForward`'s tensors and two RMSNorms, `norm`.
 */
export function qwen35Language(prefix: string, feedForward: Tensors): Tensors {
  const t: Tensors = [[`${prefix}embed_tokens.weight`, [100, 64]]];
  for (let i = 0; i < 4; i++)
    for (const [name, shape] of [
      ...((i + 1) % 4 === 0 ? attention : deltaNet),
      ...feedForward,
      ['input_layernorm.weight', [64]] as [string, number[]],
      ['post_attention_layernorm.weight', [64]] as [string, number[]],
    ])
      t.push([`${prefix}layers.${i}.${name}`, shape]);
  t.push([`${prefix}norm.weight`, [64]]);
  return t;
}
