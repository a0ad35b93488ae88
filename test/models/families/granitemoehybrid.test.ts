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
import { writeJson } from '../../support/models.js';

// Granite 4.0 hybrids. No exact published count was found (the model cards: "7B total, 1B
// active", "3B"), so the total is the sum of a header written here by hand from
// modular_granitemoehybrid.py: per layer BambaMixer (`mamba`) or GraniteMoeAttention
// (`self_attn`, biased by attention_bias), `block_sparse_moe` (router.layer [E, d]; experts fused:
// input_linear [E, 2·d_ff, d], output_linear [E, d, d_ff]) when num_local_experts > 0, a
// `shared_mlp` (input_linear [2·shared, d], output_linear [d, shared]), input_layernorm and
// post_attention_layernorm; the final `norm`; lm_head tied as tie_word_embeddings says.
const config = {
  model_type: 'granitemoehybrid',
  architectures: ['GraniteMoeHybridForCausalLM'],
  vocab_size: 1000,
  hidden_size: 64,
  intermediate_size: 32,
  num_hidden_layers: 4,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  num_local_experts: 4,
  num_experts_per_tok: 2,
  shared_intermediate_size: 48,
  layer_types: ['mamba', 'mamba', 'attention', 'mamba'],
  mamba_n_heads: 8,
  mamba_n_groups: 1,
  mamba_d_state: 16,
  mamba_d_head: 16,
  tie_word_embeddings: true,
};

/** d_inner 128, conv_dim 128 + 2·16 = 160, in_proj 128 + 160 + 8 = 296; d_h 16, k/v 32 wide. */
function layer(i: number, o: { experts: boolean; bias: boolean }): Tensors {
  const projections: Array<[string, number[]]> = [
    ['q_proj', [64, 64]],
    ['k_proj', [32, 64]],
    ['v_proj', [32, 64]],
    ['o_proj', [64, 64]],
  ];
  const mixer: Tensors =
    i === 2
      ? projections.flatMap(
          ([name, shape]): Tensors => [
            [`self_attn.${name}.weight`, shape],
            ...(o.bias ? ([[`self_attn.${name}.bias`, [shape[0]!]]] as Tensors) : []),
          ],
        )
      : [
          ['mamba.in_proj.weight', [296, 64]],
          ['mamba.conv1d.weight', [160, 1, 4]],
          ['mamba.conv1d.bias', [160]],
          ['mamba.dt_bias', [8]],
          ['mamba.A_log', [8]],
          ['mamba.D', [8]],
          ['mamba.norm.weight', [128]],
          ['mamba.out_proj.weight', [64, 128]],
        ];
  const experts: Tensors = o.experts
    ? [
        ['block_sparse_moe.router.layer.weight', [4, 64]],
        ['block_sparse_moe.input_linear.weight', [4, 64, 64]],
        ['block_sparse_moe.output_linear.weight', [4, 64, 32]],
      ]
    : [];
  return [
    ...mixer,
    ...experts,
    ['shared_mlp.input_linear.weight', [96, 64]],
    ['shared_mlp.output_linear.weight', [64, 48]],
    ['input_layernorm.weight', [64]],
    ['post_attention_layernorm.weight', [64]],
  ];
}
const outside: Tensors = [
  ['model.embed_tokens.weight', [1000, 64]],
  ['model.norm.weight', [64]],
];

describe('granitemoehybrid (Granite 4.0)', () => {
  it("matches a checkpoint's header by every tensor name and shape", () => {
    const tensors = decoderTensors(outside, 4, (i) => layer(i, { experts: true, bias: false }));
    const run = verifyHeader(config, tensors);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(tensors)));
  });

  it('drops block_sparse_moe with no experts; biases attention by attention_bias', () => {
    const cfg = {
      ...config,
      num_local_experts: 0,
      attention_bias: true,
      tie_word_embeddings: false,
    };
    const tensors = [
      ...decoderTensors(outside, 4, (i) => layer(i, { experts: false, bias: true })),
      ['lm_head.weight', [1000, 64]] as [string, number[]],
    ];
    expect(verifyHeader(cfg, tensors).json).toMatchObject(exactMatch(elementsOf(tensors)));
    expect(deriveModel({ config: cfg, source: 'test' })).toHaveParams(elementsOf(tensors));
  });

  it('reads layers_block_type as layer_types, and keeps each cache over its layers', () => {
    const { layer_types, ...rest } = config;
    const aliased = { ...rest, layers_block_type: layer_types };
    const tensors = decoderTensors(outside, 4, (i) => layer(i, { experts: true, bias: false }));
    expect(deriveModel({ config: aliased, source: 'test' })).toHaveParams(elementsOf(tensors));
    const run = runCli(['memory', '--config', writeJson(config), '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout);
    // bf16, one sequence, 2,048 tokens: 1 attention layer · 2·2·16 = 2·2048·64 = 262,144 bytes;
    // 3 Mamba-2 layers: 2·3·(160·4 + 8·16·16) = 16,128 bytes.
    expect(json.kv_cache_bytes).toBe('262144');
    expect(json.recurrent_state_bytes).toBe('16128');
    expect(runCli(['flops', '--config', writeJson(config)]).code).toBe(0);
  });

  it('refuses a layer type it does not know', () => {
    const cfg = { ...config, layer_types: ['mamba', 'mamba', 'conv', 'mamba'] };
    expect(() => deriveModel({ config: cfg, source: 'test' })).toThrow(
      /layer_types\[2\] = "conv": expected one of mamba, attention/,
    );
  });
});
