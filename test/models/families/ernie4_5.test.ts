import { describe, expect, it } from 'vitest';
import { deriveModel } from '../../../src/requests/derive-model.js';
import { elementsOf, verifyHeader } from '../../support/decoder-checkpoint.js';

// ERNIE 4.5 dense. No exact published count exists (the model card of ERNIE-4.5-0.3B says
// "0.36B"), so the total is the sum of a checkpoint header written here by hand from
// modeling_ernie4_5.py: Llama's layer, nn.Linear stored [out, in], every projection biased when
// `use_bias`, lm_head never biased and tied by default.
const config = {
  architectures: ['Ernie4_5ForCausalLM'],
  model_type: 'ernie4_5',
  hidden_size: 1024,
  intermediate_size: 3072,
  num_hidden_layers: 18,
  num_attention_heads: 16,
  num_key_value_heads: 2,
  head_dim: 128,
  vocab_size: 103424,
  tie_word_embeddings: true,
  use_bias: false,
};

/** The tensors Ernie4_5ForCausalLM saves: q is 16·128 = 2048 wide, k and v 2·128 = 256. */
function checkpointTensors(o: { layers: number; bias: boolean; tied: boolean }) {
  const entries: Array<[string, number[]]> = [
    ['model.embed_tokens.weight', [103424, 1024]],
    ['model.norm.weight', [1024]],
  ];
  if (!o.tied) entries.push(['lm_head.weight', [103424, 1024]]);
  const linears: Array<[string, number, number]> = [
    ['self_attn.q_proj', 2048, 1024],
    ['self_attn.k_proj', 256, 1024],
    ['self_attn.v_proj', 256, 1024],
    ['self_attn.o_proj', 1024, 2048],
    ['mlp.gate_proj', 3072, 1024],
    ['mlp.up_proj', 3072, 1024],
    ['mlp.down_proj', 1024, 3072],
  ];
  for (let i = 0; i < o.layers; i++) {
    const l = `model.layers.${i}`;
    for (const [name, out, inp] of linears) {
      entries.push([`${l}.${name}.weight`, [out, inp]]);
      if (o.bias) entries.push([`${l}.${name}.bias`, [out]]);
    }
    entries.push([`${l}.input_layernorm.weight`, [1024]]);
    entries.push([`${l}.post_attention_layernorm.weight`, [1024]]);
  }
  return entries;
}

describe('ernie4_5 (ERNIE 4.5 dense)', () => {
  it("matches ERNIE-4.5-0.3B's header by every tensor name and shape", () => {
    const entries = checkpointTensors({ layers: 18, bias: false, tied: true });
    const run = verifyHeader(config, entries);
    expect(run.code, run.stdout).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      match: true,
      checkpoint_total: String(elementsOf(entries)),
      names_compared: true,
      unexpected: [],
      missing: [],
      mismatched: [],
    });
  });

  it('biases all seven projections with use_bias, and unties the head when asked', () => {
    const entries = checkpointTensors({ layers: 2, bias: true, tied: false });
    const cfg = { ...config, num_hidden_layers: 2, use_bias: true, tie_word_embeddings: false };
    const run = verifyHeader(cfg, entries);
    expect(run.code, run.stdout).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ match: true, missing: [], unexpected: [] });
    expect(deriveModel({ config: cfg, source: 'ernie' })).toHaveParams(elementsOf(entries));
  });

  it('has only the causal LM and the base model', () => {
    expect(() =>
      deriveModel({ config, source: 'ernie', className: 'Ernie4_5ForSequenceClassification' }),
    ).toThrow(/Ernie4_5ForCausalLM/);
  });
});
