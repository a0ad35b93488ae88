import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors/user-error.js';
import { flopsFigures } from '../../../src/requests/compute-request.js';
import { deriveModel } from '../../../src/requests/derive-model.js';
import { memoryFigures } from '../../../src/requests/memory-request.js';
import {
  decoderTensors,
  elementsOf,
  exactMatch,
  type Tensors,
  verifyHeader,
} from '../../support/decoder-checkpoint.js';

// HunYuan-MoE V1 (Hunyuan-A13B). No exact published count was found (the card says 80B total,
// 13B active), so the totals are sums of checkpoint headers written here by hand from
// modeling_hunyuan_v1_moe.py: Llama's attention with `query_layernorm`/`key_layernorm` over
// head_dim; in every layer `mlp.gate.wg` (E, d) without bias, `mlp.experts.{j}` gate/up/down and
// `mlp.shared_mlp`, all intermediate_size wide; nn.Linear stored [out, in]. Sizes are
// Hunyuan-A13B's config.json with 2 layers and 8 experts in place of 32 and 64.
const config = {
  architectures: ['HunYuanMoEV1ForCausalLM'],
  model_type: 'hunyuan_v1_moe',
  hidden_size: 4096,
  intermediate_size: 3072,
  moe_intermediate_size: [3072, 3072],
  num_hidden_layers: 2,
  num_attention_heads: 32,
  num_key_value_heads: 8,
  head_dim: 128,
  vocab_size: 128167,
  num_experts: 8,
  moe_topk: [2, 2],
  num_shared_expert: [1, 1],
  use_mixed_mlp_moe: true,
  use_qk_norm: true,
  use_cla: false,
  attention_bias: false,
  tie_word_embeddings: true,
};

const swiglu = (prefix: string, width: number): Tensors => [
  [`${prefix}.gate_proj.weight`, [width, 4096]],
  [`${prefix}.up_proj.weight`, [width, 4096]],
  [`${prefix}.down_proj.weight`, [4096, width]],
];

/** HunYuanMoEV1ForCausalLM's tensors: q 32·128 = 4096 wide, k and v 8·128 = 1024. */
function checkpointTensors(o: { experts: number; tied: boolean }): Tensors {
  const outside: Tensors = [
    ['model.embed_tokens.weight', [128167, 4096]],
    ['model.norm.weight', [4096]],
    ...(o.tied ? [] : ([['lm_head.weight', [128167, 4096]]] as Tensors)),
  ];
  return decoderTensors(outside, 2, () => [
    ['self_attn.q_proj.weight', [4096, 4096]],
    ['self_attn.k_proj.weight', [1024, 4096]],
    ['self_attn.v_proj.weight', [1024, 4096]],
    ['self_attn.o_proj.weight', [4096, 4096]],
    ['self_attn.query_layernorm.weight', [128]],
    ['self_attn.key_layernorm.weight', [128]],
    ['mlp.gate.wg.weight', [o.experts, 4096]],
    ...Array.from({ length: o.experts }, (_, j) => swiglu(`mlp.experts.${j}`, 3072)).flat(),
    ...swiglu('mlp.shared_mlp', 3072),
    ['input_layernorm.weight', [4096]],
    ['post_attention_layernorm.weight', [4096]],
  ]);
}

describe('hunyuan_v1_moe (HunYuan-MoE V1)', () => {
  it("matches a checkpoint's header by every tensor name and shape, router and shared MLP included", () => {
    const entries = checkpointTensors({ experts: 8, tied: true });
    const run = verifyHeader(config, entries);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(entries)));
  });

  it('reads num_experts as a list of equal entries and unties the head when asked', () => {
    const entries = checkpointTensors({ experts: 4, tied: false });
    const cfg = { ...config, num_experts: [4, 4], tie_word_embeddings: false };
    const run = verifyHeader(cfg, entries);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject({ match: true, missing: [], unexpected: [] });
    expect(deriveModel({ config: cfg, source: 'hunyuan' })).toHaveParams(elementsOf(entries));
  });

  it('counts moe_topk of the routed experts and the shared MLP as active', () => {
    const report = deriveModel({ config, source: 'hunyuan' });
    // Per layer, 6 of the 8 experts (3·3072·4096 each) are idle with moe_topk 2.
    const idle = 2n * 6n * 3n * 3072n * 4096n;
    expect(report.model!.active.value).toBe(report.total! - idle);
  });

  it.each([
    [{ num_experts: [8, 4] }, /num_experts = \[8,4\]: expected a positive integer, or a list of 2/],
    [{ moe_topk: [2] }, /num_experts_per_tok = \[2\]: expected a positive integer, or a list of 2/],
    [{ moe_intermediate_size: 1536 }, /moe_intermediate_size = 1536: expected 3072/],
    [{ num_shared_expert: [2, 2] }, /num_shared_expert = \[2,2\]: expected 1/],
    [{ use_cla: true }, /use_cla = true: expected false/],
    [{ use_mixed_mlp_moe: false }, /use_mixed_mlp_moe = false: expected true/],
  ])(
    'refuses %j, which HunYuanMoEV1 cannot build as one stack of equal layers',
    (over, message) => {
      const run = () => deriveModel({ config: { ...config, ...over }, source: 'hunyuan' });
      expect(run).toThrow(UserError);
      expect(run).toThrow(message);
    },
  );

  it('has sequence classification as its only task head', () => {
    const className = 'HunYuanMoEV1ForSequenceClassification';
    expect(deriveModel({ config, source: 'hunyuan', className }).model?.className).toBe(className);
    expect(() =>
      deriveModel({ config, source: 'hunyuan', className: 'HunYuanMoEV1ForQuestionAnswering' }),
    ).toThrow(/HunYuanMoEV1ForSequenceClassification/);
  });

  it('sizes its KV cache as DynamicCache holds it: a key and a value of 8·128 a layer', () => {
    const report = deriveModel({ config, source: 'hunyuan' });
    const figures = memoryFigures(report, {
      weights: { dtype: 'bf16' },
      batch: 1n,
      context: 4096n,
    });
    expect(figures.kv?.cache.total.value).toBe(2n * 2n * 8n * 128n * 4096n * 2n);
    expect(flopsFigures(report).forward).toBeDefined();
  });
});
