import { describe, expect, it } from 'vitest';
import { deriveModel } from '../../../src/requests/derive-model.js';
import { elementsOf, verifyHeader } from '../../support/decoder-checkpoint.js';

// HunYuan dense V1. No exact published count was found, so the total is the sum of a checkpoint
// header written here by hand from modeling_hunyuan_v1_dense.py: Llama's layer (nn.Linear stored
// [out, in]), `self_attn.query_layernorm` and `self_attn.key_layernorm` RMSNorms over head_dim,
// attention biased by `attention_bias`, the MLP never.
const config = {
  architectures: ['HunYuanDenseV1ForCausalLM'],
  model_type: 'hunyuan_v1_dense',
  hidden_size: 4096,
  intermediate_size: 14336,
  num_hidden_layers: 4,
  num_attention_heads: 32,
  num_key_value_heads: 8,
  head_dim: 128,
  vocab_size: 128167,
  tie_word_embeddings: false,
  attention_bias: false,
};

/** The tensors HunYuanDenseV1ForCausalLM saves: q 32·128 = 4096 wide, k and v 8·128 = 1024. */
function checkpointTensors(o: { bias: boolean; tied: boolean }) {
  const entries: Array<[string, number[]]> = [
    ['model.embed_tokens.weight', [128167, 4096]],
    ['model.norm.weight', [4096]],
  ];
  if (!o.tied) entries.push(['lm_head.weight', [128167, 4096]]);
  const attention: Array<[string, number, number]> = [
    ['q_proj', 4096, 4096],
    ['k_proj', 1024, 4096],
    ['v_proj', 1024, 4096],
    ['o_proj', 4096, 4096],
  ];
  for (let i = 0; i < config.num_hidden_layers; i++) {
    const l = `model.layers.${i}`;
    for (const [name, out, inp] of attention) {
      entries.push([`${l}.self_attn.${name}.weight`, [out, inp]]);
      if (o.bias) entries.push([`${l}.self_attn.${name}.bias`, [out]]);
    }
    entries.push(
      [`${l}.self_attn.query_layernorm.weight`, [128]],
      [`${l}.self_attn.key_layernorm.weight`, [128]],
      [`${l}.mlp.gate_proj.weight`, [14336, 4096]],
      [`${l}.mlp.up_proj.weight`, [14336, 4096]],
      [`${l}.mlp.down_proj.weight`, [4096, 14336]],
      [`${l}.input_layernorm.weight`, [4096]],
      [`${l}.post_attention_layernorm.weight`, [4096]],
    );
  }
  return entries;
}

describe('hunyuan_v1_dense (HunYuan dense V1)', () => {
  it("matches a checkpoint's header by every tensor name and shape, Q/K norms included", () => {
    const entries = checkpointTensors({ bias: false, tied: false });
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

  it('biases Q, K, V and O with attention_bias and ties the head when asked', () => {
    const entries = checkpointTensors({ bias: true, tied: true });
    const cfg = { ...config, attention_bias: true, tie_word_embeddings: true };
    const run = verifyHeader(cfg, entries);
    expect(run.code, run.stdout).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ match: true, missing: [], unexpected: [] });
    expect(deriveModel({ config: cfg, source: 'hunyuan' })).toHaveParams(elementsOf(entries));
  });

  it('has sequence classification as its only task head', () => {
    const className = 'HunYuanDenseV1ForSequenceClassification';
    expect(deriveModel({ config, source: 'hunyuan', className }).model?.className).toBe(className);
    expect(() =>
      deriveModel({ config, source: 'hunyuan', className: 'HunYuanDenseV1ForTokenClassification' }),
    ).toThrow(/HunYuanDenseV1ForSequenceClassification/);
  });
});
