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

// Falcon-H1. No exact published count was found (the model cards: "0.5B", "34B"), so the total is
// the sum of a header written here by hand from modeling_falcon_h1.py: every layer has a SwiGLU
// `feed_forward`, FalconH1Mixer as `mamba` and LlamaAttention as `self_attn` side by side, then
// input_layernorm and pre_ff_layernorm; final_layernorm; an untied lm_head by default.
const config = {
  model_type: 'falcon_h1',
  architectures: ['FalconH1ForCausalLM'],
  vocab_size: 1000,
  hidden_size: 64,
  intermediate_size: 96,
  num_hidden_layers: 2,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  head_dim: 32, // written, as Falcon-H1's configs write it: not 64 / 4
  mamba_d_ssm: 96, // d_inner as written, not mamba_expand·hidden_size = 128
  mamba_n_heads: 6, // mamba_d_head auto = 96 / 6 = 16
  mamba_n_groups: 1,
  mamba_d_state: 16,
  mamba_d_conv: 4,
};

/**
 * conv_dim = 96 + 2·16 = 128; in_proj 96 + 128 + 6 = 230 rows; dt_bias, A_log, D [6]; the gated
 * norm [96] only with mamba_rms_norm; out_proj biased by projectors_bias. Attention: q 4·32 = 128,
 * k/v 2·32 = 64 wide.
 */
function layer(o: { norm: boolean; outBias: boolean }): Tensors {
  return [
    ['feed_forward.gate_proj.weight', [96, 64]],
    ['feed_forward.up_proj.weight', [96, 64]],
    ['feed_forward.down_proj.weight', [64, 96]],
    ['mamba.in_proj.weight', [230, 64]],
    ['mamba.conv1d.weight', [128, 1, 4]],
    ['mamba.conv1d.bias', [128]],
    ['mamba.dt_bias', [6]],
    ['mamba.A_log', [6]],
    ['mamba.D', [6]],
    ...(o.norm ? ([['mamba.norm.weight', [96]]] as Tensors) : []),
    ['mamba.out_proj.weight', [64, 96]],
    ...(o.outBias ? ([['mamba.out_proj.bias', [64]]] as Tensors) : []),
    ['self_attn.q_proj.weight', [128, 64]],
    ['self_attn.k_proj.weight', [64, 64]],
    ['self_attn.v_proj.weight', [64, 64]],
    ['self_attn.o_proj.weight', [64, 128]],
    ['input_layernorm.weight', [64]],
    ['pre_ff_layernorm.weight', [64]],
  ];
}
const outside: Tensors = [
  ['model.embed_tokens.weight', [1000, 64]],
  ['model.final_layernorm.weight', [64]],
  ['lm_head.weight', [1000, 64]],
];

describe('falcon_h1 (Falcon-H1)', () => {
  it("matches a checkpoint's header by every tensor name and shape", () => {
    const tensors = decoderTensors(outside, 2, () => layer({ norm: false, outBias: false }));
    const run = verifyHeader(config, tensors);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(tensors)));
  });

  it('adds the gated norm with mamba_rms_norm and out_proj bias with projectors_bias', () => {
    const cfg = { ...config, mamba_rms_norm: true, projectors_bias: true };
    const tensors = decoderTensors(outside, 2, () => layer({ norm: true, outBias: true }));
    expect(verifyHeader(cfg, tensors).json).toMatchObject(exactMatch(elementsOf(tensors)));
    expect(deriveModel({ config: cfg, source: 'test' })).toHaveParams(elementsOf(tensors));
  });

  it('keeps keys and values and Mamba state in every layer', () => {
    const run = runCli(['memory', '--config', writeJson(config), '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout);
    // bf16, one sequence, 2,048 tokens, 2 layers: KV 2·2·2048·(2·2·32) = 1,048,576 bytes; state
    // conv [128, 4] and ssm [6, 16, 16]: 2·2·(128·4 + 6·16·16) = 8,192 bytes.
    expect(json.kv_cache_bytes).toBe('1048576');
    expect(json.recurrent_state_bytes).toBe('8192');
    expect(runCli(['flops', '--config', writeJson(config)]).code).toBe(0);
  });

  it('takes mamba_expand·hidden_size without mamba_d_ssm, and checks the heads tile it', () => {
    // mamba_d_ssm null: d_inner = 2·64 = 128, split into 8 heads of 16.
    const cfg = { ...config, mamba_d_ssm: null, mamba_n_heads: 8 };
    const base = deriveModel({ config, source: 'test' });
    const wider = deriveModel({ config: cfg, source: 'test' });
    // Per layer: in_proj +(32 + 32 + 2)·64, conv +32·5, dt_bias/A_log/D +3·2, out_proj +64·32.
    const perLayer = 66 * 64 + 32 * 5 + 3 * 2 + 64 * 32;
    expect(wider.total).toBe(base.total! + BigInt(2 * perLayer));
    expect(() => deriveModel({ config: { ...config, mamba_n_heads: 7 }, source: 'test' })).toThrow(
      /mamba_n_heads = 7: expected a divisor of d_inner \(96\)/,
    );
  });
});
