import { describe, expect, it } from 'vitest';
import { deriveModel } from '../../../src/requests/derive-model.js';
import { elementsOf, verifyHeader } from '../../support/decoder-checkpoint.js';

// Cohere 2 (Command R7B). No exact published count was found (the model card says 7B), so the total
// is the sum of a checkpoint header written here by hand from modeling_cohere2.py: per layer one
// scale-only `input_layernorm` (weight, no bias), q/k/v/o_proj biased by `attention_bias`, an
// unbiased gate/up/down MLP, no Q/K norms; a scale-only final norm; lm_head tied by default.
const config = {
  architectures: ['Cohere2ForCausalLM'],
  model_type: 'cohere2',
  hidden_size: 4096,
  intermediate_size: 14336,
  num_hidden_layers: 4,
  num_attention_heads: 32,
  num_key_value_heads: 8,
  vocab_size: 256000,
  sliding_window: 4096,
  sliding_window_pattern: 4,
  tie_word_embeddings: true,
  attention_bias: false,
};

/** The tensors Cohere2ForCausalLM saves: d_h = 4096 / 32 = 128, so k and v are 8·128 = 1024. */
function checkpointTensors(o: { bias: boolean; tied: boolean }) {
  const entries: Array<[string, number[]]> = [
    ['model.embed_tokens.weight', [256000, 4096]],
    ['model.norm.weight', [4096]],
  ];
  if (!o.tied) entries.push(['lm_head.weight', [256000, 4096]]);
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
      [`${l}.mlp.gate_proj.weight`, [14336, 4096]],
      [`${l}.mlp.up_proj.weight`, [14336, 4096]],
      [`${l}.mlp.down_proj.weight`, [4096, 14336]],
      [`${l}.input_layernorm.weight`, [4096]],
    );
  }
  return entries;
}

describe('cohere2 (Command R7B)', () => {
  it("matches a checkpoint's header by every tensor name and shape", () => {
    const entries = checkpointTensors({ bias: false, tied: true });
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

  it('biases Q, K, V and O with attention_bias and unties the head when asked', () => {
    const entries = checkpointTensors({ bias: true, tied: false });
    const cfg = { ...config, attention_bias: true, tie_word_embeddings: false };
    const run = verifyHeader(cfg, entries);
    expect(run.code, run.stdout).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ match: true, missing: [], unexpected: [] });
    expect(deriveModel({ config: cfg, source: 'cohere2' })).toHaveParams(elementsOf(entries));
  });

  it('ignores a written head_dim: Cohere2Config always sets d / n_h', () => {
    const entries = checkpointTensors({ bias: false, tied: true });
    const report = deriveModel({ config: { ...config, head_dim: 256 }, source: 'cohere2' });
    expect(report).toHaveParams(elementsOf(entries));
  });

  it('caches three sliding layers of four, every fourth global (sliding_window_pattern 4)', () => {
    const kv = deriveModel({ config, source: 'cohere2' }).model?.kvCache;
    expect(kv?.sizes).toEqual({ L_global: 1n, L_local: 3n });
    const listed = {
      ...config,
      layer_types: ['sliding_attention', 'full_attention', 'full_attention', 'full_attention'],
    };
    expect(deriveModel({ config: listed, source: 'cohere2' }).model?.kvCache?.sizes).toEqual({
      L_global: 3n,
      L_local: 1n,
    });
  });

  it('has only the causal LM and the base model', () => {
    expect(() =>
      deriveModel({ config, source: 'cohere2', className: 'Cohere2ForSequenceClassification' }),
    ).toThrow(/Cohere2ForCausalLM/);
  });
});
