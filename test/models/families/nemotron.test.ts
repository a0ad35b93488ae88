import { describe, expect, it } from 'vitest';
import { deriveModel } from '../../../src/requests/derive-model.js';
import { memoryFigures } from '../../../src/requests/memory-request.js';
import {
  decoderTensors,
  elementsOf,
  exactMatch,
  type Tensors,
  verifyHeader,
} from '../../support/decoder-checkpoint.js';

// Nemotron (Minitron-4B-Base's widths: d 3072, 32 heads of 128, 8 key/value heads, d_ff 9216).
// No exact published count was found (the card says 4B), so the totals are sums of checkpoint
// headers written here by hand from modeling_nemotron.py: q/k/v/o_proj biased by attention_bias,
// o_proj (n_h·d_h → d); up_proj and down_proj only (squared ReLU, no gate), biased by mlp_bias;
// input_layernorm, post_attention_layernorm and the final norm NemotronLayerNorm1P, an
// nn.LayerNorm with weight and bias; nn.Linear stored [out, in].
const config = {
  architectures: ['NemotronForCausalLM'],
  model_type: 'nemotron',
  hidden_size: 3072,
  intermediate_size: 9216,
  num_hidden_layers: 2,
  num_attention_heads: 32,
  head_dim: 128,
  num_key_value_heads: 8,
  vocab_size: 256000,
  partial_rotary_factor: 0.5,
  norm_eps: 1e-5,
  tie_word_embeddings: false,
};

const layerNorm = (name: string, d: number): Tensors => [
  [`${name}.weight`, [d]],
  [`${name}.bias`, [d]],
];

/** The tensors NemotronForCausalLM saves, with q `heads·headDim` and k, v `8·headDim` wide. */
function checkpointTensors(o: { heads: number; headDim: number; bias: boolean; tied: boolean }) {
  const q = o.heads * o.headDim;
  const kv = 8 * o.headDim;
  const linear = (name: string, out: number, inp: number, bias: boolean): Tensors => [
    [`${name}.weight`, [out, inp]],
    ...(bias ? ([[`${name}.bias`, [out]]] as Tensors) : []),
  ];
  const outside: Tensors = [
    ['model.embed_tokens.weight', [256000, 3072]],
    ...layerNorm('model.norm', 3072),
    ...(o.tied ? [] : ([['lm_head.weight', [256000, 3072]]] as Tensors)),
  ];
  return decoderTensors(outside, 2, () => [
    ...linear('self_attn.q_proj', q, 3072, o.bias),
    ...linear('self_attn.k_proj', kv, 3072, o.bias),
    ...linear('self_attn.v_proj', kv, 3072, o.bias),
    ...linear('self_attn.o_proj', 3072, q, o.bias),
    ...linear('mlp.up_proj', 9216, 3072, o.bias),
    ...linear('mlp.down_proj', 3072, 9216, o.bias),
    ...layerNorm('input_layernorm', 3072),
    ...layerNorm('post_attention_layernorm', 3072),
  ]);
}

describe('nemotron (Nemotron, Minitron)', () => {
  it("matches a checkpoint's header by every tensor name and shape, LayerNorm biases included", () => {
    const entries = checkpointTensors({ heads: 32, headDim: 128, bias: false, tied: false });
    const run = verifyHeader(config, entries);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(entries)));
  });

  it('biases attention and MLP as the flags say; without head_dim, d_h is d / n_h', () => {
    const { head_dim: _, ...rest } = config;
    const cfg = { ...rest, attention_bias: true, mlp_bias: true, tie_word_embeddings: true };
    const entries = checkpointTensors({ heads: 32, headDim: 96, bias: true, tied: true });
    const run = verifyHeader(cfg, entries);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject({ match: true, missing: [], unexpected: [] });
    expect(deriveModel({ config: cfg, source: 'nemotron' })).toHaveParams(elementsOf(entries));
  });

  it('defines the causal LM, the base model and all three task heads', () => {
    for (const head of ['SequenceClassification', 'TokenClassification', 'QuestionAnswering']) {
      const className = `NemotronFor${head}`;
      const report = deriveModel({ config, source: 'nemotron', className });
      expect(report.model?.className).toBe(className);
    }
  });

  it('caches a key and a value of 8·128 a layer (partial rotary changes no shape)', () => {
    const report = deriveModel({ config, source: 'nemotron' });
    const figures = memoryFigures(report, {
      weights: { dtype: 'bf16' },
      batch: 1n,
      context: 4096n,
    });
    expect(figures.kv?.cache.total.value).toBe(2n * 2n * 8n * 128n * 4096n * 2n);
  });
});
