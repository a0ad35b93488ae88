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

// Seed-OSS (modular_seed_oss.py). No fixture and no exact published count exists (the card says
// 36B), so the totals below are the sums of the tensor shapes written here by hand from the
// modeling code: embed_tokens [V, d]; per layer q/k/v_proj biased by attention_bias, o_proj by
// attention_out_bias, the SwiGLU MLP by mlp_bias, two RMSNorms; norm [d]; an untied lm_head.

/** A 36B-sized Seed-OSS: d 5120, 80 heads of 128 (10240 ≠ d), 8 key/value heads, 64 layers. */
const config = {
  architectures: ['SeedOssForCausalLM'],
  model_type: 'seed_oss',
  vocab_size: 155136,
  hidden_size: 5120,
  intermediate_size: 27648,
  num_hidden_layers: 64,
  num_attention_heads: 80,
  num_key_value_heads: 8,
  head_dim: 128,
  attention_bias: true,
  attention_out_bias: false,
  mlp_bias: false,
  tie_word_embeddings: false,
};

/** SeedOssForCausalLM's state_dict: n_h·d_h 10240, n_kv·d_h 1024, d_ff 27648. */
function tensors(biases: { qkv: boolean; o: boolean }): Tensors {
  const [d, q, kv, ff, vocab] = [5120, 10240, 1024, 27648, 155136];
  const bias = (on: boolean, name: string, n: number): Tensors =>
    on ? [[`${name}.bias`, [n]]] : [];
  return decoderTensors(
    [
      ['model.embed_tokens.weight', [vocab, d]],
      ['model.norm.weight', [d]],
      ['lm_head.weight', [vocab, d]],
    ],
    64,
    () => [
      ['self_attn.q_proj.weight', [q, d]],
      ...bias(biases.qkv, 'self_attn.q_proj', q),
      ['self_attn.k_proj.weight', [kv, d]],
      ...bias(biases.qkv, 'self_attn.k_proj', kv),
      ['self_attn.v_proj.weight', [kv, d]],
      ...bias(biases.qkv, 'self_attn.v_proj', kv),
      ['self_attn.o_proj.weight', [d, q]],
      ...bias(biases.o, 'self_attn.o_proj', d),
      ['mlp.gate_proj.weight', [ff, d]],
      ['mlp.up_proj.weight', [ff, d]],
      ['mlp.down_proj.weight', [d, ff]],
      ['input_layernorm.weight', [d]],
      ['post_attention_layernorm.weight', [d]],
    ],
  );
}

describe('seed_oss (Seed-OSS)', () => {
  it("matches a 36B Seed-OSS's header by every tensor name and shape", () => {
    const header = tensors({ qkv: true, o: false });
    const run = verifyHeader(config, header);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(header)));
    expect(deriveModel({ config, source: 'seed_oss' })).toHaveParams(elementsOf(header));
  });

  it('biases O by attention_out_bias alone, Q, K and V by attention_bias', () => {
    const flipped = { ...config, attention_bias: false, attention_out_bias: true };
    const header = tensors({ qkv: false, o: true });
    const run = verifyHeader(flipped, header);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(header)));
  });

  it('takes the biases SeedOssConfig defaults to when a config leaves them out', () => {
    const { attention_bias: _, attention_out_bias: __, ...bare } = config;
    const header = tensors({ qkv: true, o: false });
    expect(deriveModel({ config: bare, source: 'seed_oss' })).toHaveParams(elementsOf(header));
  });

  it('is one of the model types tparams list shows', () => {
    expect(runCli(['list']).stdout).toMatch(/\bseed_oss\b/);
  });
});
