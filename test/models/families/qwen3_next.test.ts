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

// Qwen/Qwen3-Coder-Next (test/fixtures/qwen3-next.json): 79,674,391,296 parameters as the Hub, a
// llama.cpp server and a public test quote it, and the 74,391 tensors named_parameters() yields
// (qwen3-coder-next-header.json), both copied from the shared hf-models-3 fixtures.
const fixture = loadJson<{ config: Record<string, unknown>; total_params: number }>(
  'qwen3-next.json',
);
const header = loadJson<{ tensors: Record<string, number[]> }>('qwen3-coder-next-header.json');

/**
 * A small Qwen3-Next, its tensors written by hand from modeling_qwen3_next.py: d = 64, 4 query heads
 * of 16 and 2 key/value heads; DeltaNet 2 key heads of 8, 4 value heads of 12, kernel 3, so
 * key_dim 16, value_dim 48, conv_dim 2·16 + 48 = 80, in_proj_qkvz 2·16 + 2·48 = 128, in_proj_ba
 * 2·4 = 8; 3 experts of 8, a shared expert of 6, a dense SwiGLU of 20 in `mlp_only_layers`.
 */
const small = {
  architectures: ['Qwen3NextForCausalLM'],
  model_type: 'qwen3_next',
  hidden_size: 64,
  num_hidden_layers: 6,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  head_dim: 16,
  vocab_size: 100,
  intermediate_size: 20,
  linear_num_key_heads: 2,
  linear_key_head_dim: 8,
  linear_num_value_heads: 4,
  linear_value_head_dim: 12,
  linear_conv_kernel_dim: 3,
  num_experts: 3,
  num_experts_per_tok: 2,
  moe_intermediate_size: 8,
  shared_expert_intermediate_size: 6,
  mlp_only_layers: [1, 3],
  full_attention_interval: 3,
  attention_bias: true,
};

function smallTensors(): Tensors {
  const deltaNet: Tensors = [
    ['linear_attn.in_proj_qkvz.weight', [128, 64]],
    ['linear_attn.in_proj_ba.weight', [8, 64]],
    ['linear_attn.conv1d.weight', [80, 1, 3]],
    ['linear_attn.dt_bias', [4]],
    ['linear_attn.A_log', [4]],
    ['linear_attn.norm.weight', [12]],
    ['linear_attn.out_proj.weight', [64, 48]],
  ];
  const attention: Tensors = [
    ['self_attn.q_proj.weight', [128, 64]], // 2·4·16: queries and their gate
    ['self_attn.q_proj.bias', [128]],
    ['self_attn.k_proj.weight', [32, 64]],
    ['self_attn.k_proj.bias', [32]],
    ['self_attn.v_proj.weight', [32, 64]],
    ['self_attn.v_proj.bias', [32]],
    ['self_attn.o_proj.weight', [64, 64]],
    ['self_attn.o_proj.bias', [64]],
    ['self_attn.q_norm.weight', [16]],
    ['self_attn.k_norm.weight', [16]],
  ];
  const swiglu = (prefix: string, f: number): Tensors => [
    [`${prefix}.gate_proj.weight`, [f, 64]],
    [`${prefix}.up_proj.weight`, [f, 64]],
    [`${prefix}.down_proj.weight`, [64, f]],
  ];
  const experts: Tensors = [
    ['mlp.gate.weight', [3, 64]],
    ...[0, 1, 2].flatMap((e) => swiglu(`mlp.experts.${e}`, 8)),
    ...swiglu('mlp.shared_expert', 6),
    ['mlp.shared_expert_gate.weight', [1, 64]],
  ];
  return decoderTensors(
    [
      ['model.embed_tokens.weight', [100, 64]],
      ['model.norm.weight', [64]],
      ['lm_head.weight', [100, 64]],
    ],
    6,
    (i) => [
      // full_attention_interval 3: layers 2 and 5 attend.
      ...((i + 1) % 3 === 0 ? attention : deltaNet),
      ...(i === 1 || i === 3 ? swiglu('mlp', 20) : experts),
      ['input_layernorm.weight', [64]],
      ['post_attention_layernorm.weight', [64]],
    ],
  );
}

describe('qwen3_next (Qwen3-Coder-Next)', () => {
  it('counts Qwen3-Coder-Next as published', () => {
    const report = deriveModel({ config: fixture.config, source: 'qwen3_next' });
    expect(report).toHaveParams(fixture.total_params);
  });

  it("matches Qwen3-Coder-Next's 74,391 tensors by name and shape", () => {
    const tensors = Object.entries(header.tensors);
    expect(tensors).toHaveLength(74391);
    const run = verifyHeader(fixture.config, tensors);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(fixture.total_params));
  });

  it('matches a small checkpoint with dense layers, its own interval and biased attention', () => {
    const tensors = smallTensors();
    const run = verifyHeader(small, tensors);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(tensors)));
  });

  it('names the base `transformer` in Qwen3NextForQuestionAnswering, as its base_model_prefix', () => {
    // modeling_qwen3_next.py: `base_model_prefix = "transformer"  # For BC`, over
    // GenericForQuestionAnswering's qa_outputs Linear(d, 2) with bias.
    const tensors: Tensors = [
      ...smallTensors()
        .filter(([name]) => name !== 'lm_head.weight')
        .map(([name, shape]): [string, number[]] => [
          name.replace(/^model\./, 'transformer.'),
          shape,
        ]),
      ['qa_outputs.weight', [2, 64]],
      ['qa_outputs.bias', [2]],
    ];
    const run = verifyHeader(
      { ...small, architectures: ['Qwen3NextForQuestionAnswering'] },
      tensors,
    );
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(tensors)));
    expect(run.json.mapped).toBeUndefined();
  });

  it('reads layer_types when the config lists them', () => {
    const types = ['full_attention', 'linear_attention', 'linear_attention'];
    const config = { ...small, num_hidden_layers: 3, mlp_only_layers: [], layer_types: types };
    const report = deriveModel({ config, source: 'qwen3_next' });
    expect(report.bindings).toMatchObject({ L_attn: 1n, L_lin: 2n });
  });

  it('keeps a KV cache in the attention layers only, and the DeltaNet state beside it', () => {
    // The preset at batch 1, 4096 tokens, bf16: 12 attention layers cache 2·n_kv·d_h = 2·2·256
    // elements a token: 12·1024·4096·2 bytes = 100,663,296. Each of the 36 DeltaNet layers keeps
    // conv_states [1, conv_dim = 2·16·128 + 32·128 = 8192, k = 4] and recurrent_states
    // [1, n_v = 32, d_k = 128, d_v = 128]: 36·(32,768 + 524,288)·2 bytes = 40,108,032.
    const run = runCli([
      'memory',
      'qwen3-coder-next',
      '--context',
      '4096',
      '--dtype',
      'bf16',
      '--format',
      'json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.kv_cache_bytes).toBe('100663296');
    expect(json.recurrent_state_bytes).toBe('40108032');
  });

  it('has the causal LM, the base model and the three task heads', () => {
    for (const className of [
      'Qwen3NextModel',
      'Qwen3NextForSequenceClassification',
      'Qwen3NextForTokenClassification',
      'Qwen3NextForQuestionAnswering',
    ])
      expect(() => deriveModel({ config: small, source: 'qwen3_next', className })).not.toThrow();
  });
});
