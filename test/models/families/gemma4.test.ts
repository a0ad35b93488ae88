import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import {
  elementsOf,
  exactMatch,
  type Tensors,
  verifyHeader,
} from '../../support/decoder-checkpoint.js';

// Gemma 4 with images. No fixture or model card gives an exact count for Gemma 4, so the truth is
// a header written by hand from modeling_gemma4.py: Gemma4ForConditionalGeneration holds
// Gemma4Model under `model` (`language_model`: a Gemma4TextModel; `vision_tower`: a
// Gemma4VisionModel; `embed_vision`: Gemma4MultimodalEmbedder, whose pre-projection norm has no
// weight) and an lm_head tied to `model.language_model.embed_tokens`. The vision tower's
// Gemma4ClippableLinear weights sit under `.linear`; with use_clipped_linears each carries four
// scalar buffers (input_min, …), saved but not parameters.
const text = {
  model_type: 'gemma4_text',
  vocab_size: 262144,
  hidden_size: 256,
  intermediate_size: 1024,
  num_hidden_layers: 2,
  num_attention_heads: 4,
  num_key_value_heads: 1,
  head_dim: 64,
  global_head_dim: 128,
  hidden_size_per_layer_input: 16,
};
const vision = {
  model_type: 'gemma4_vision',
  hidden_size: 128,
  intermediate_size: 512,
  num_hidden_layers: 2,
  num_attention_heads: 4,
  num_key_value_heads: 4,
  head_dim: 32,
  patch_size: 16,
  position_embedding_size: 1024,
  use_clipped_linears: true,
};
const config = {
  architectures: ['Gemma4ForConditionalGeneration'],
  model_type: 'gemma4',
  text_config: text,
  vision_config: vision,
};

/** The language model's tensors under `prefix`: layer 0 sliding (d_h 64), layer 1 full (128). */
function languageModel(prefix: string): Tensors {
  const t: Tensors = [
    [`${prefix}embed_tokens.weight`, [262144, 256]],
    [`${prefix}norm.weight`, [256]],
    [`${prefix}embed_tokens_per_layer.weight`, [262144, 2 * 16]],
    [`${prefix}per_layer_model_projection.weight`, [2 * 16, 256]],
    [`${prefix}per_layer_projection_norm.weight`, [16]],
  ];
  for (const [i, hd] of [
    [0, 64],
    [1, 128],
  ] as const) {
    const l = `${prefix}layers.${i}.`;
    t.push(
      [`${l}self_attn.q_proj.weight`, [4 * hd, 256]],
      [`${l}self_attn.k_proj.weight`, [hd, 256]],
      [`${l}self_attn.v_proj.weight`, [hd, 256]],
      [`${l}self_attn.o_proj.weight`, [256, 4 * hd]],
      [`${l}self_attn.q_norm.weight`, [hd]],
      [`${l}self_attn.k_norm.weight`, [hd]],
      [`${l}mlp.gate_proj.weight`, [1024, 256]],
      [`${l}mlp.up_proj.weight`, [1024, 256]],
      [`${l}mlp.down_proj.weight`, [256, 1024]],
      [`${l}input_layernorm.weight`, [256]],
      [`${l}post_attention_layernorm.weight`, [256]],
      [`${l}pre_feedforward_layernorm.weight`, [256]],
      [`${l}post_feedforward_layernorm.weight`, [256]],
      [`${l}per_layer_input_gate.weight`, [16, 256]],
      [`${l}per_layer_projection.weight`, [256, 16]],
      [`${l}post_per_layer_input_norm.weight`, [256]],
      [`${l}layer_scalar`, [1]],
    );
  }
  return t;
}

/** Gemma4VisionModel's tensors and the embedder's, under `model.`. */
function visionTower(): Tensors {
  const t: Tensors = [
    ['model.vision_tower.patch_embedder.input_proj.weight', [128, 3 * 16 * 16]],
    ['model.vision_tower.patch_embedder.position_embedding_table', [2, 1024, 128]],
    ['model.embed_vision.embedding_projection.weight', [256, 128]],
  ];
  const clipped = (name: string, shape: number[]) => {
    t.push([`${name}.linear.weight`, shape]);
    for (const b of ['input_min', 'input_max', 'output_min', 'output_max'])
      t.push([`${name}.${b}`, []]);
  };
  for (let i = 0; i < 2; i++) {
    const l = `model.vision_tower.encoder.layers.${i}.`;
    for (const p of ['q_proj', 'k_proj', 'v_proj']) clipped(`${l}self_attn.${p}`, [128, 128]);
    clipped(`${l}self_attn.o_proj`, [128, 128]);
    clipped(`${l}mlp.gate_proj`, [512, 128]);
    clipped(`${l}mlp.up_proj`, [512, 128]);
    clipped(`${l}mlp.down_proj`, [128, 512]);
    t.push(
      [`${l}self_attn.q_norm.weight`, [32]],
      [`${l}self_attn.k_norm.weight`, [32]],
      [`${l}input_layernorm.weight`, [128]],
      [`${l}post_attention_layernorm.weight`, [128]],
      [`${l}pre_feedforward_layernorm.weight`, [128]],
      [`${l}post_feedforward_layernorm.weight`, [128]],
    );
  }
  return t;
}

// Gemma4AudioConfig's shapes, smaller: d 64 over 4 heads (head width 16), channels [8, 4].
const audio = {
  model_type: 'gemma4_audio',
  hidden_size: 64,
  num_hidden_layers: 2,
  num_attention_heads: 4,
  subsampling_conv_channels: [8, 4],
  conv_kernel_size: 5,
  output_proj_dims: 96,
};

/** Gemma4AudioModel's tensors and embed_audio's; every clippable linear has its four bounds. */
function audioTower(): Tensors {
  const a = 'model.audio_tower.';
  const t: Tensors = [
    [`${a}subsample_conv_projection.layer0.conv.weight`, [8, 1, 3, 3]],
    [`${a}subsample_conv_projection.layer0.norm.weight`, [8]],
    [`${a}subsample_conv_projection.layer1.conv.weight`, [4, 8, 3, 3]],
    [`${a}subsample_conv_projection.layer1.norm.weight`, [4]],
    // proj_input_dim = (channels[0] // 4) · channels[1] = 2 · 4
    [`${a}subsample_conv_projection.input_proj_linear.weight`, [64, 8]],
    [`${a}output_proj.weight`, [96, 64]],
    [`${a}output_proj.bias`, [96]],
    ['model.embed_audio.embedding_projection.weight', [256, 96]],
  ];
  const clipped = (name: string, shape: number[]) => {
    t.push([`${name}.linear.weight`, shape]);
    for (const b of ['input_min', 'input_max', 'output_min', 'output_max'])
      t.push([`${name}.${b}`, []]);
  };
  for (let i = 0; i < 2; i++) {
    const l = `${a}layers.${i}.`;
    for (const ff of ['feed_forward1', 'feed_forward2']) {
      clipped(`${l}${ff}.ffw_layer_1`, [256, 64]);
      clipped(`${l}${ff}.ffw_layer_2`, [64, 256]);
      t.push([`${l}${ff}.pre_layer_norm.weight`, [64]], [`${l}${ff}.post_layer_norm.weight`, [64]]);
    }
    for (const p of ['q_proj', 'k_proj', 'v_proj', 'post']) clipped(`${l}self_attn.${p}`, [64, 64]);
    t.push(
      [`${l}self_attn.relative_k_proj.weight`, [64, 64]],
      [`${l}self_attn.per_dim_scale`, [16]],
    );
    clipped(`${l}lconv1d.linear_start`, [128, 64]);
    clipped(`${l}lconv1d.linear_end`, [64, 64]);
    t.push(
      [`${l}lconv1d.depthwise_conv1d.weight`, [64, 1, 5]],
      [`${l}lconv1d.pre_layer_norm.weight`, [64]],
      [`${l}lconv1d.conv_norm.weight`, [64]],
      [`${l}norm_pre_attn.weight`, [64]],
      [`${l}norm_post_attn.weight`, [64]],
      [`${l}norm_out.weight`, [64]],
    );
  }
  return t;
}

/** Elements that are parameters: the header's less the buffers (layer_scalar, clipping bounds). */
const parametersOf = (t: Tensors) =>
  elementsOf(t.filter(([n]) => !/(layer_scalar|_min|_max)$/.test(n)));

describe('gemma4 (Gemma 4 with images)', () => {
  it('matches a Gemma4ForConditionalGeneration header by every name and shape', () => {
    const entries = [...languageModel('model.language_model.'), ...visionTower()];
    const run = verifyHeader(config, entries);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(parametersOf(entries)));
  });

  it('builds no vision tower nor embed_vision without a vision_config (Gemma4Config default)', () => {
    const entries = languageModel('model.language_model.');
    const run = verifyHeader({ model_type: 'gemma4', text_config: text }, entries);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(parametersOf(entries)));
  });

  it('adds audio_tower and embed_audio with an audio_config, and gives memory and FLOPs', () => {
    const entries = [...languageModel('model.language_model.'), ...visionTower(), ...audioTower()];
    const run = verifyHeader({ ...config, audio_config: audio }, entries);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(parametersOf(entries)));
    const dir = mkdtempSync(join(tmpdir(), 'gemma4-'));
    try {
      const file = join(dir, 'config.json');
      writeFileSync(file, JSON.stringify({ ...config, audio_config: audio }));
      expect(runCli(['memory', '-c', file, '--format', 'json']).code).toBe(0);
      expect(runCli(['flops', '-c', file]).code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
