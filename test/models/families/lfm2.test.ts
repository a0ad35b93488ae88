import { describe, expect, it } from 'vitest';
import { ConfigFields } from '../../../src/models/config/config-fields.js';
import { lfm2, lfm2FeedForwardWidth } from '../../../src/models/families/lfm2.js';
import { deriveModel } from '../../../src/requests/derive-model.js';
import { runCli } from '../../support/cli.js';
import {
  decoderTensors,
  elementsOf,
  exactMatch,
  type Tensors,
  verifyHeader,
} from '../../support/decoder-checkpoint.js';
import { loadJson } from '../../support/fixtures.js';

// LiquidAI/LFM2-1.2B (test/fixtures/lfm2.json): 1,170,340,608 parameters, as a transformers load
// check, an LLM catalog and the GGUF metadata give it (copied from the shared hf-models-3 fixtures).
const fixture = loadJson<{ config: Record<string, unknown>; total_params: number }>('lfm2.json');
const config = fixture.config as { layer_types: string[] };

/**
 * The tensors Lfm2ForCausalLM saves for LFM2-1.2B, written by hand from modeling_lfm2.py: d = 2048,
 * d_h = 2048 / 32 = 64, k and v 8·64 = 512; the SwiGLU of int(2·12288 / 3) = 8192 (already a
 * multiple of 256); conv layers in_proj 2048 → 6144, conv [2048, 1, 3], out_proj, no biases; the
 * final norm is `embedding_norm`; tied, so no lm_head.
 */
function lfm2Tensors(o: { bias: boolean; kernel: number }): Tensors {
  const conv: Tensors = [
    ['conv.in_proj.weight', [6144, 2048]],
    ['conv.conv.weight', [2048, 1, o.kernel]],
    ['conv.out_proj.weight', [2048, 2048]],
  ];
  if (o.bias)
    conv.push(
      ['conv.in_proj.bias', [6144]],
      ['conv.conv.bias', [2048]],
      ['conv.out_proj.bias', [2048]],
    );
  const attention: Tensors = [
    ['self_attn.q_proj.weight', [2048, 2048]],
    ['self_attn.k_proj.weight', [512, 2048]],
    ['self_attn.v_proj.weight', [512, 2048]],
    ['self_attn.out_proj.weight', [2048, 2048]],
    ['self_attn.q_layernorm.weight', [64]],
    ['self_attn.k_layernorm.weight', [64]],
  ];
  return decoderTensors(
    [
      ['model.embed_tokens.weight', [65536, 2048]],
      ['model.embedding_norm.weight', [2048]],
    ],
    16,
    (i) => [
      ...(config.layer_types[i] === 'conv' ? conv : attention),
      ['feed_forward.w1.weight', [8192, 2048]],
      ['feed_forward.w3.weight', [8192, 2048]],
      ['feed_forward.w2.weight', [2048, 8192]],
      ['operator_norm.weight', [2048]],
      ['ffn_norm.weight', [2048]],
    ],
  );
}

const widthOf = (raw: Record<string, unknown>) =>
  lfm2FeedForwardWidth(new ConfigFields(raw, lfm2.defaults, 'lfm2', lfm2.aliases));

describe('lfm2 (LFM2-1.2B)', () => {
  it('counts LFM2-1.2B as published', () => {
    expect(deriveModel({ config: fixture.config, source: 'lfm2' })).toHaveParams(
      fixture.total_params,
    );
    const tensors = lfm2Tensors({ bias: false, kernel: 3 });
    expect(elementsOf(tensors)).toBe(fixture.total_params);
  });

  it("matches LFM2-1.2B's checkpoint by every tensor name and shape", () => {
    const tensors = lfm2Tensors({ bias: false, kernel: 3 });
    const run = verifyHeader(fixture.config, tensors);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(fixture.total_params));
  });

  it('biases the convolution layers with conv_bias and reads conv_L_cache', () => {
    const tensors = lfm2Tensors({ bias: true, kernel: 4 });
    const run = verifyHeader({ ...fixture.config, conv_bias: true, conv_L_cache: 4 }, tensors);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(tensors)));
  });

  it('sizes the feed-forward as Lfm2MLP does', () => {
    // int(2·12288/3) = 8192; int(1.5·8192) = 12288; int(2·1000/3) = 666 → ⌈666/256⌉·256 = 768;
    // without the multiplier no rounding (666); without auto-adjust the field itself.
    expect(widthOf({ intermediate_size: 12288 })).toBe(8192n);
    expect(widthOf({ intermediate_size: 12288, block_ffn_dim_multiplier: 1.5 })).toBe(12288n);
    expect(widthOf({ intermediate_size: 1000 })).toBe(768n);
    expect(widthOf({ intermediate_size: 1000, block_ffn_dim_multiplier: null })).toBe(666n);
    expect(widthOf({ intermediate_size: 1000, block_auto_adjust_ff_dim: false })).toBe(1000n);
    expect(widthOf({ block_ff_dim: 1000, block_auto_adjust_ff_dim: false })).toBe(1000n);
  });

  it('attends in full_attn_idxs when layer_types is unset, in every layer when both are', () => {
    const base = { ...fixture.config, layer_types: undefined, num_hidden_layers: 4 };
    const listed = deriveModel({ config: { ...base, full_attn_idxs: [1, 3] }, source: 'lfm2' });
    expect(listed.bindings).toMatchObject({ L_conv: 2n, L_attn: 2n });
    expect(deriveModel({ config: base, source: 'lfm2' }).bindings).toMatchObject({ L: 4n });
    expect(() =>
      deriveModel({ config: { ...base, full_attn_idxs: [1, 'x'] }, source: 'lfm2' }),
    ).toThrow(/full_attn_idxs\[1\]/);
  });

  it("keeps a KV cache in the attention layers, a conv state in every layer's cache", () => {
    // 4096 tokens, bf16, batch 1: 6 attention layers cache 2·8·64 = 1024 elements a token,
    // 6·1024·4096·2 bytes = 50,331,648. Lfm2HybridConvCache allocates [1, 2048, 3] for each of the
    // 16 layers: 16·2048·3·2 bytes = 196,608.
    const run = runCli(['memory', 'lfm2-1.2b', '--context', '4096', '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.kv_cache_bytes).toBe('50331648');
    expect(json.recurrent_state_bytes).toBe('196608');
  });

  it('has only the causal LM and the base model', () => {
    const cfg = fixture.config;
    expect(() =>
      deriveModel({ config: cfg, source: 'lfm2', className: 'Lfm2Model' }),
    ).not.toThrow();
    expect(() =>
      deriveModel({ config: cfg, source: 'lfm2', className: 'Lfm2ForSequenceClassification' }),
    ).toThrow(/Lfm2ForCausalLM/);
  });
});
