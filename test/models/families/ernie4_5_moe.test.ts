import { describe, expect, it } from 'vitest';
import { deriveModel } from '../../../src/requests/derive-model.js';
import { elementsOf, verifyHeader } from '../../support/decoder-checkpoint.js';

// ERNIE 4.5 MoE. No exact published count exists (ERNIE-4.5-21B-A3B's card says 21B total, 3B
// active), so the totals are sums of checkpoint headers written here by hand from
// modeling_ernie4_5_moe.py: layer i sparse when (i + 1) % moe_layer_interval == 0 and
// moe_layer_start_index <= i <= moe_layer_end_index; a sparse `mlp` holds
// `moe_statics.e_score_correction_bias` (1, E) (an nn.Parameter), `gate` (E, d) without bias,
// `experts.{j}` gate/up/down of moe_intermediate_size and `shared_experts` of
// moe_intermediate_size · moe_num_shared_experts; nn.Linear stored [out, in]. Sizes are
// ERNIE-4.5-21B-A3B's with fewer layers.
const config = {
  architectures: ['Ernie4_5_MoeForCausalLM'],
  model_type: 'ernie4_5_moe',
  hidden_size: 2560,
  intermediate_size: 12288,
  num_hidden_layers: 4,
  num_attention_heads: 20,
  num_key_value_heads: 4,
  vocab_size: 103424,
  moe_intermediate_size: 1536,
  moe_k: 6,
  moe_num_experts: 64,
  moe_num_shared_experts: 2,
  moe_layer_start_index: 1,
  moe_layer_end_index: 3,
  moe_layer_interval: 1,
  tie_word_embeddings: true,
  use_bias: false,
};

type Entries = Array<[string, number[]]>;

/** A SwiGLU MLP's three projections under `prefix`, d = 2560 wide, `width` inside. */
function swiglu(entries: Entries, prefix: string, width: number, bias: boolean) {
  const linears: Array<[string, number, number]> = [
    ['gate_proj', width, 2560],
    ['up_proj', width, 2560],
    ['down_proj', 2560, width],
  ];
  for (const [name, out, inp] of linears) {
    entries.push([`${prefix}.${name}.weight`, [out, inp]]);
    if (bias) entries.push([`${prefix}.${name}.bias`, [out]]);
  }
}

/** Ernie4_5_MoeForCausalLM's tensors: d_h = 2560 / 20 = 128, q 2560 wide, k and v 4·128 = 512. */
function checkpointTensors(o: { layers: number; sparse: (i: number) => boolean; bias?: boolean }) {
  const bias = o.bias ?? false;
  const entries: Entries = [
    ['model.embed_tokens.weight', [103424, 2560]],
    ['model.norm.weight', [2560]],
  ];
  const attention: Array<[string, number, number]> = [
    ['q_proj', 2560, 2560],
    ['k_proj', 512, 2560],
    ['v_proj', 512, 2560],
    ['o_proj', 2560, 2560],
  ];
  for (let i = 0; i < o.layers; i++) {
    const l = `model.layers.${i}`;
    for (const [name, out, inp] of attention) {
      entries.push([`${l}.self_attn.${name}.weight`, [out, inp]]);
      if (bias) entries.push([`${l}.self_attn.${name}.bias`, [out]]);
    }
    if (o.sparse(i)) {
      entries.push([`${l}.mlp.moe_statics.e_score_correction_bias`, [1, 64]]);
      entries.push([`${l}.mlp.gate.weight`, [64, 2560]]);
      for (let j = 0; j < 64; j++) swiglu(entries, `${l}.mlp.experts.${j}`, 1536, bias);
      swiglu(entries, `${l}.mlp.shared_experts`, 3072, bias);
    } else {
      swiglu(entries, `${l}.mlp`, 12288, bias);
    }
    entries.push([`${l}.input_layernorm.weight`, [2560]]);
    entries.push([`${l}.post_attention_layernorm.weight`, [2560]]);
  }
  return entries;
}

describe('ernie4_5_moe (ERNIE 4.5 MoE)', () => {
  it("matches a checkpoint's header by every tensor name and shape, layer 0 dense", () => {
    const entries = checkpointTensors({ layers: 4, sparse: (i) => i >= 1 });
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

  it('reads moe_layer_end_index -1 as the last layer, and biases everything with use_bias', () => {
    const entries = checkpointTensors({ layers: 3, sparse: (i) => i >= 1, bias: true });
    entries.push(['lm_head.weight', [103424, 2560]], ['lm_head.bias', [103424]]);
    const cfg = {
      ...config,
      num_hidden_layers: 3,
      moe_layer_end_index: -1,
      use_bias: true,
      tie_word_embeddings: false,
    };
    const run = verifyHeader(cfg, entries);
    expect(run.code, run.stdout).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ match: true, missing: [], unexpected: [] });
  });

  it('counts every other layer sparse with moe_layer_interval 2, within the start and end', () => {
    const cfg = { ...config, num_hidden_layers: 6, moe_layer_interval: 2, moe_layer_end_index: 4 };
    // Layers 1 and 3 (i + 1 even, 1 <= i <= 4); layer 5 is past the end.
    const entries = checkpointTensors({ layers: 6, sparse: (i) => i === 1 || i === 3 });
    expect(deriveModel({ config: cfg, source: 'ernie' })).toHaveParams(elementsOf(entries));
  });

  it('leaves out the shared experts when moe_num_shared_experts is 0', () => {
    const cfg = { ...config, moe_num_shared_experts: 0 };
    const shared = elementsOf(checkpointTensors({ layers: 4, sparse: (i) => i >= 1 }));
    // Three sparse layers lose a 3072-wide SwiGLU each: 3 · 3 · 3072 · 2560.
    expect(deriveModel({ config: cfg, source: 'ernie' })).toHaveParams(
      shared - 3 * 3 * 3072 * 2560,
    );
  });
});
