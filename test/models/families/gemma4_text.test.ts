import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import {
  decoderTensors,
  elementsOf,
  exactMatch,
  type Tensors,
  verifyHeader,
} from '../../support/decoder-checkpoint.js';

// Gemma 4 (text). No fixture or model card gives an exact count for Gemma 4, so the truth here is
// a checkpoint header written by hand from modeling_gemma4.py (Gemma4TextModel,
// Gemma4TextDecoderLayer, Gemma4TextAttention, Gemma4TextMLP, Gemma4TextRouter/Experts):
// nn.Linear stored [out, in]; q_proj/q_norm always; k_proj, v_proj, k_norm only in layers that
// keep their own K/V; v_norm and the router's norm have no weight; full layers use
// global_head_dim; `layer_scalar` is a persistent buffer in every layer (saved, not a parameter);
// PLE: embed_tokens_per_layer [V_ple, L·d_ple], per_layer_model_projection [L·d_ple, d],
// per_layer_projection_norm [d_ple], and per layer per_layer_input_gate [d_ple, d],
// per_layer_projection [d, d_ple], post_per_layer_input_norm [d].
const d = 512;
const config = {
  architectures: ['Gemma4ForCausalLM'],
  model_type: 'gemma4_text',
  vocab_size: 262144,
  hidden_size: d,
  intermediate_size: 2048,
  num_hidden_layers: 6,
  num_attention_heads: 8,
  num_key_value_heads: 2,
  head_dim: 64,
  global_head_dim: 128,
  layer_types: [
    'sliding_attention',
    'sliding_attention',
    'full_attention',
    'sliding_attention',
    'sliding_attention',
    'full_attention',
  ],
  sliding_window: 512,
  hidden_size_per_layer_input: 32,
  vocab_size_per_layer_input: 262144,
  num_kv_shared_layers: 2,
  use_double_wide_mlp: true,
  tie_word_embeddings: true,
};

type Layer = { full: boolean; shared: boolean };
const layerOf = (i: number): Layer => ({ full: i === 2 || i === 5, shared: i >= 4 });

/** One layer's tensors, as Gemma4TextDecoderLayer builds them. */
function layerTensors(
  layer: Layer,
  o: { kv: number; kvFull: number; kEqV: boolean; doubleWide: boolean; moe?: number },
): Tensors {
  const hd = layer.full ? 128 : 64;
  const kv = layer.full ? o.kvFull : o.kv;
  const ff = o.doubleWide && layer.shared ? 4096 : 2048;
  const t: Tensors = [
    ['self_attn.q_proj.weight', [8 * hd, d]],
    ['self_attn.q_norm.weight', [hd]],
    ['self_attn.o_proj.weight', [d, 8 * hd]],
    ['mlp.gate_proj.weight', [ff, d]],
    ['mlp.up_proj.weight', [ff, d]],
    ['mlp.down_proj.weight', [d, ff]],
    ['input_layernorm.weight', [d]],
    ['post_attention_layernorm.weight', [d]],
    ['pre_feedforward_layernorm.weight', [d]],
    ['post_feedforward_layernorm.weight', [d]],
    ['per_layer_input_gate.weight', [32, d]],
    ['per_layer_projection.weight', [d, 32]],
    ['post_per_layer_input_norm.weight', [d]],
    ['layer_scalar', [1]],
  ];
  if (!layer.shared) {
    t.push(['self_attn.k_proj.weight', [kv * hd, d]], ['self_attn.k_norm.weight', [hd]]);
    if (!(o.kEqV && layer.full)) t.push(['self_attn.v_proj.weight', [kv * hd, d]]);
  }
  if (o.moe !== undefined)
    t.push(
      ['router.proj.weight', [o.moe, d]],
      ['router.scale', [d]],
      ['router.per_expert_scale', [o.moe]],
      ['experts.gate_up_proj', [o.moe, 2 * 256, d]],
      ['experts.down_proj', [o.moe, d, 256]],
      ['post_feedforward_layernorm_1.weight', [d]],
      ['pre_feedforward_layernorm_2.weight', [d]],
      ['post_feedforward_layernorm_2.weight', [d]],
    );
  return t;
}

const outside: Tensors = [
  ['model.embed_tokens.weight', [262144, d]],
  ['model.norm.weight', [d]],
  ['model.embed_tokens_per_layer.weight', [262144, 6 * 32]],
  ['model.per_layer_model_projection.weight', [6 * 32, d]],
  ['model.per_layer_projection_norm.weight', [32]],
];

const checkpoint = (o: Parameters<typeof layerTensors>[1], extra: Tensors = []) =>
  decoderTensors([...outside, ...extra], 6, (i) => layerTensors(layerOf(i), o));

/** Elements that are parameters: the header's less the layer_scalar buffers. */
const parametersOf = (t: Tensors) => elementsOf(t.filter(([n]) => !n.endsWith('layer_scalar')));

describe('gemma4_text (Gemma 4 text)', () => {
  it('builds Gemma4TextConfig defaults for memory and FLOPs (a cache of 5 full, 25 sliding)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gemma4-'));
    try {
      const file = join(dir, 'config.json');
      writeFileSync(file, JSON.stringify({ model_type: 'gemma4_text' }));
      const memory = runCli(['memory', '-c', file, '--format', 'json']);
      expect(memory.code, memory.stderr).toBe(0);
      // Full layers keep 2·4·512 elements a token, sliding ones 2·4·256 (bf16: 2 bytes each).
      expect(JSON.parse(memory.stdout).kv_cache_bytes_per_token).toBe(
        String(2 * (5 * 2 * 4 * 512 + 25 * 2 * 4 * 256)),
      );
      expect(runCli(['flops', '-c', file]).code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('matches a header with PLE, wider full layers, K/V-sharing and double-wide layers', () => {
    const entries = checkpoint({ kv: 2, kvFull: 2, kEqV: false, doubleWide: true });
    const run = verifyHeader(config, entries);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject({ ...exactMatch(parametersOf(entries)) });
  });

  it('drops v_proj and takes num_global_key_value_heads in full layers with attention_k_eq_v', () => {
    const entries = checkpoint({ kv: 2, kvFull: 1, kEqV: true, doubleWide: false }, [
      ['lm_head.weight', [262144, d]],
    ]);
    const cfg = {
      ...config,
      attention_k_eq_v: true,
      num_global_key_value_heads: 1,
      use_double_wide_mlp: false,
      tie_word_embeddings: false,
    };
    const run = verifyHeader(cfg, entries);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject({ ...exactMatch(parametersOf(entries)) });
  });

  it('adds the router, fused experts and three norms with enable_moe_block', () => {
    const entries = checkpoint({ kv: 2, kvFull: 2, kEqV: false, doubleWide: false, moe: 4 });
    const cfg = {
      ...config,
      use_double_wide_mlp: false,
      enable_moe_block: true,
      num_experts: 4,
      top_k_experts: 2,
      moe_intermediate_size: 256,
    };
    const run = verifyHeader(cfg, entries);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject({ ...exactMatch(parametersOf(entries)) });
  });
});
