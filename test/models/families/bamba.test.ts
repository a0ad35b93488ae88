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

// Bamba. No exact published count was found (the model card: "9B"), so the total is the sum of a
// header written here by hand from modular_bamba.py: Mamba-2 layers (BambaMixer as `mamba`) and
// the layers attn_layer_indices lists (LlamaAttention as `self_attn`, no biases), each with a
// SwiGLU `feed_forward` and RMSNorms input_layernorm / pre_ff_layernorm; final_layernorm; an
// untied lm_head.
const config = {
  model_type: 'bamba',
  architectures: ['BambaForCausalLM'],
  vocab_size: 1000,
  hidden_size: 64,
  intermediate_size: 96,
  num_hidden_layers: 4,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  attn_layer_indices: [2],
  mamba_n_heads: 8,
  mamba_n_groups: 2,
  mamba_d_state: 16,
  mamba_d_conv: 4,
  mamba_expand: 2,
};

/**
 * d_inner 128; conv_dim = 128 + 2·2·16 = 192; in_proj 128 + 192 + 8 = 328 rows; dt_bias, A_log, D
 * [8]; the gated norm [128]. Attention: d_h = 64 / 4 = 16, k/v 2·16 = 32 wide.
 */
function layer(i: number): Tensors {
  const mixer: Tensors =
    i === 2
      ? [
          ['self_attn.q_proj.weight', [64, 64]],
          ['self_attn.k_proj.weight', [32, 64]],
          ['self_attn.v_proj.weight', [32, 64]],
          ['self_attn.o_proj.weight', [64, 64]],
        ]
      : [
          ['mamba.in_proj.weight', [328, 64]],
          ['mamba.conv1d.weight', [192, 1, 4]],
          ['mamba.conv1d.bias', [192]],
          ['mamba.dt_bias', [8]],
          ['mamba.A_log', [8]],
          ['mamba.D', [8]],
          ['mamba.norm.weight', [128]],
          ['mamba.out_proj.weight', [64, 128]],
        ];
  return [
    ...mixer,
    ['feed_forward.gate_proj.weight', [96, 64]],
    ['feed_forward.up_proj.weight', [96, 64]],
    ['feed_forward.down_proj.weight', [64, 96]],
    ['input_layernorm.weight', [64]],
    ['pre_ff_layernorm.weight', [64]],
  ];
}
const outside: Tensors = [
  ['model.embed_tokens.weight', [1000, 64]],
  ['model.final_layernorm.weight', [64]],
  ['lm_head.weight', [1000, 64]],
];
const tensors = decoderTensors(outside, 4, layer);

describe('bamba', () => {
  it("matches a checkpoint's header by every tensor name and shape", () => {
    const run = verifyHeader(config, tensors);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(tensors)));
  });

  it('keeps KV in the attention layer, conv and scan state in the three Mamba-2 ones', () => {
    const run = runCli(['memory', '--config', writeJson(config), '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout);
    // bf16, one sequence, 2,048 tokens: 1 layer · 2·2·16 a token = 2·2048·64 = 262,144 bytes;
    // mamba_d_head auto = 128 / 8 = 16: 2·3·(192·4 + 8·16·16) = 16,896 bytes.
    expect(json.kv_cache_bytes).toBe('262144');
    expect(json.recurrent_state_bytes).toBe('16896');
    expect(runCli(['flops', '--config', writeJson(config)]).code).toBe(0);
  });

  it('is all Mamba-2 without attn_layer_indices, and checks the heads tile d_inner', () => {
    const mambaOnly = decoderTensors(outside, 4, (i) => layer(i === 2 ? 0 : i));
    const cfg = { ...config, attn_layer_indices: null };
    expect(verifyHeader(cfg, mambaOnly).json).toMatchObject(exactMatch(elementsOf(mambaOnly)));
    expect(() => deriveModel({ config: { ...config, mamba_d_head: 32 }, source: 'test' })).toThrow(
      /mamba_d_head = 32: expected mamba_n_heads·mamba_d_head = d_inner \(128\)/,
    );
    expect(() => deriveModel({ config: { ...config, mamba_n_heads: 7 }, source: 'test' })).toThrow(
      /mamba_n_heads = 7: expected a divisor/,
    );
  });

  it('has only the causal LM and the base model', () => {
    expect(() =>
      deriveModel({ config, source: 'test', className: 'BambaForSequenceClassification' }),
    ).toThrow(/BambaForCausalLM/);
  });
});
