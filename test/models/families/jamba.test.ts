import { describe, expect, it } from 'vitest';
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
import { writeJson } from '../../support/models.js';

// Jamba against test/fixtures/jamba.json: Jamba-v0.1's 51,570,323,328 as an independent tool
// reproduced it from the real weights; and a small config whose header is written here by hand
// from modeling_jamba.py, with all four kinds of layer.
interface Fixture {
  name: string;
  total_params: number;
  config: Record<string, unknown>;
}
const published = loadJson<Fixture>('jamba.json');

// Attention at i % 4 == 1 (layers 1, 5), experts at i % 3 == 1 (layers 1, 4, 7): layer 1 is
// attention with experts, 5 attention with an MLP, 4 and 7 Mamba with experts, the rest Mamba with
// an MLP.
const small = {
  model_type: 'jamba',
  architectures: ['JambaForCausalLM'],
  vocab_size: 1000,
  hidden_size: 64,
  intermediate_size: 96,
  num_hidden_layers: 8,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  num_experts: 3,
  num_experts_per_tok: 2,
  attn_layer_period: 4,
  attn_layer_offset: 1,
  expert_layer_period: 3,
  expert_layer_offset: 1,
  mamba_d_state: 8,
  mamba_d_conv: 4,
  mamba_expand: 2,
};

/**
 * JambaAttention: q [n_h·d_h, d], k/v [n_kv·d_h, d], o, no biases (d_h = 64 / 4 = 16). Jamba's
 * Mamba mixer, d_inner = 128, r_dt = ⌈64/16⌉ = 4: MambaMixer's tensors plus RMSNorms dt [4],
 * b [8], c [8]. JambaMLP gate/up/down; the MoE block a `router` [E, d] and E MLPs.
 */
function layer(i: number): Tensors {
  const attention = i % 4 === 1;
  const experts = i % 3 === 1;
  const mixer: Tensors = attention
    ? [
        ['self_attn.q_proj.weight', [64, 64]],
        ['self_attn.k_proj.weight', [32, 64]],
        ['self_attn.v_proj.weight', [32, 64]],
        ['self_attn.o_proj.weight', [64, 64]],
      ]
    : [
        ['mamba.in_proj.weight', [256, 64]],
        ['mamba.conv1d.weight', [128, 1, 4]],
        ['mamba.conv1d.bias', [128]],
        ['mamba.x_proj.weight', [4 + 16, 128]],
        ['mamba.dt_proj.weight', [128, 4]],
        ['mamba.dt_proj.bias', [128]],
        ['mamba.A_log', [128, 8]],
        ['mamba.D', [128]],
        ['mamba.out_proj.weight', [64, 128]],
        ['mamba.dt_layernorm.weight', [4]],
        ['mamba.b_layernorm.weight', [8]],
        ['mamba.c_layernorm.weight', [8]],
      ];
  const mlp = (prefix: string): Tensors => [
    [`${prefix}.gate_proj.weight`, [96, 64]],
    [`${prefix}.up_proj.weight`, [96, 64]],
    [`${prefix}.down_proj.weight`, [64, 96]],
  ];
  const feedForward: Tensors = experts
    ? [
        ['feed_forward.router.weight', [3, 64]],
        ...[0, 1, 2].flatMap((e) => mlp(`feed_forward.experts.${e}`)),
      ]
    : mlp('feed_forward');
  return [
    ...mixer,
    ...feedForward,
    ['input_layernorm.weight', [64]],
    ['pre_ff_layernorm.weight', [64]],
  ];
}
const outside: Tensors = [
  ['model.embed_tokens.weight', [1000, 64]],
  ['model.final_layernorm.weight', [64]],
  ['lm_head.weight', [1000, 64]],
];
const tensors = decoderTensors(outside, 8, layer);

describe('jamba (Jamba-v0.1)', () => {
  it('counts Jamba-v0.1 as reproduced from its weights: 51,570,323,328', () => {
    const report = deriveModel({ config: published.config, source: published.name });
    expect(report).toHaveParams(published.total_params);
  });

  it("matches a checkpoint's header with all four kinds of layer, name by name", () => {
    const run = verifyHeader(small, tensors);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(tensors)));
  });

  it('caches keys and values in the attention layers, conv and scan state in the Mamba ones', () => {
    const run = runCli(['memory', '--config', writeJson(published.config), '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout);
    // HybridMambaAttentionDynamicCache, bf16, one sequence: 4 attention layers of 2·8·128 a token
    // over 2,048 tokens = 2·4·2048·2048 = 33,554,432 bytes; 28 Mamba layers of conv [8192, 4]
    // and ssm [8192, 16]: 2·28·(8192·4 + 8192·16) = 9,175,040 bytes.
    expect(json.kv_cache_bytes).toBe('33554432');
    expect(json.recurrent_state_bytes).toBe('9175040');
    expect(runCli(['flops', '--config', writeJson(published.config)]).code).toBe(0);
  });

  it('has one kind of layer when num_experts is 1 and no layer attends', () => {
    // layers_num_experts is 1 everywhere: every feed-forward a JambaMLP; offset 3 of period 4 in
    // two layers: none attends, so no KV cache.
    const withoutK = Object.fromEntries(
      Object.entries(small).filter(([field]) => field !== 'num_experts_per_tok'),
    );
    const cfg = { ...withoutK, num_hidden_layers: 2, num_experts: 1, attn_layer_offset: 3 };
    const entries = decoderTensors(outside, 2, (i) => layer(i === 1 ? 2 : i));
    expect(verifyHeader(cfg, entries).json).toMatchObject(exactMatch(elementsOf(entries)));
    expect(deriveModel({ config: cfg, source: 'test' }).model?.kvCache).toBeUndefined();
    // JambaConfig's own k of 2 is no refusal; a written one over the single expert is.
    expect(() =>
      deriveModel({ config: { ...cfg, num_experts_per_tok: 2 }, source: 'test' }),
    ).toThrow(/num_experts_per_tok = 2: expected at most the number of routed experts/);
  });

  it('refuses an offset not below its period, and keeps only its task head', () => {
    expect(() =>
      deriveModel({ config: { ...small, attn_layer_offset: 4 }, source: 'test' }),
    ).toThrow(/attn_layer_offset = 4: expected less than attn_layer_period \(4\)/);
    const score = deriveModel({
      config: small,
      source: 'test',
      className: 'JambaForSequenceClassification',
    });
    expect(score).toHaveParams(elementsOf(tensors) - 1000 * 64 + 2 * 64);
    expect(() =>
      deriveModel({ config: small, source: 'test', className: 'JambaForTokenClassification' }),
    ).toThrow(/JambaForCausalLM/);
  });
});
