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
import xs from '../../fixtures/laguna-kv-cache.json' with { type: 'json' };

// Laguna. No exact published parameter count was found, so the totals are sums of checkpoint
// headers written here by hand from modeling_laguna.py (d 2048, d_h 128, 8 key/value heads, as
// LagunaConfig's defaults and Laguna-XS-2.1): per layer q_proj (n_h·128, d), k/v_proj (1024, d),
// o_proj (d, n_h·128), q_norm/k_norm (128), g_proj (n_h, d) or (n_h·128, d) per element; a dense
// mlp gate/up/down of 8192; a sparse mlp `gate.weight` (E, d), `gate.e_score_correction_bias` (E),
// `experts.gate_up_proj` (E, 2·512, d), `experts.down_proj` (E, d, 512) and `shared_experts`
// gate/up/down of 512; two RMSNorms; nn.Linear stored [out, in]. The KV cache is the fixture's.
const config = {
  architectures: ['LagunaForCausalLM'],
  model_type: 'laguna',
  vocab_size: 100352,
  hidden_size: 2048,
  intermediate_size: 8192,
  num_hidden_layers: 3,
  num_attention_heads: 48,
  num_key_value_heads: 8,
  head_dim: 128,
  num_experts: 8,
  num_experts_per_tok: 2,
  moe_intermediate_size: 512,
  shared_expert_intermediate_size: 512,
  tie_word_embeddings: false,
};

const swiglu = (prefix: string, width: number): Tensors => [
  [`${prefix}.gate_proj.weight`, [width, 2048]],
  [`${prefix}.up_proj.weight`, [width, 2048]],
  [`${prefix}.down_proj.weight`, [2048, width]],
];

/** Layer i of heads(i) query heads, sparse when sparse(i). */
function checkpointTensors(o: {
  layers: number;
  experts: number;
  heads: (i: number) => number;
  sparse: (i: number) => boolean;
  perElementGate?: boolean;
}): Tensors {
  const outside: Tensors = [
    ['model.embed_tokens.weight', [100352, 2048]],
    ['model.norm.weight', [2048]],
    ['lm_head.weight', [100352, 2048]],
  ];
  return decoderTensors(outside, o.layers, (i) => {
    const q = o.heads(i) * 128;
    const E = o.experts;
    const mlp: Tensors = o.sparse(i)
      ? [
          ['mlp.gate.weight', [E, 2048]],
          ['mlp.gate.e_score_correction_bias', [E]],
          ['mlp.experts.gate_up_proj', [E, 1024, 2048]],
          ['mlp.experts.down_proj', [E, 2048, 512]],
          ...swiglu('mlp.shared_experts', 512),
        ]
      : swiglu('mlp', 8192);
    return [
      ['self_attn.q_proj.weight', [q, 2048]],
      ['self_attn.k_proj.weight', [1024, 2048]],
      ['self_attn.v_proj.weight', [1024, 2048]],
      ['self_attn.o_proj.weight', [2048, q]],
      ['self_attn.q_norm.weight', [128]],
      ['self_attn.k_norm.weight', [128]],
      ['self_attn.g_proj.weight', [o.perElementGate ? q : o.heads(i), 2048]],
      ...mlp,
      ['input_layernorm.weight', [2048]],
      ['post_attention_layernorm.weight', [2048]],
    ];
  });
}

describe('laguna (Poolside Laguna)', () => {
  it("matches a checkpoint's header by every tensor name and shape: layer 0 dense, the rest sparse", () => {
    const entries = checkpointTensors({
      layers: 3,
      experts: 8,
      heads: () => 48,
      sparse: (i) => i > 0,
    });
    const run = verifyHeader(config, entries);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(entries)));
  });

  it('gates each channel with gating "per-element", every layer sparse as mlp_layer_types says', () => {
    const cfg = {
      ...config,
      gating: 'per-element',
      mlp_layer_types: ['sparse', 'sparse', 'sparse'],
    };
    const entries = checkpointTensors({
      layers: 3,
      experts: 8,
      heads: () => 48,
      sparse: () => true,
      perElementGate: true,
    });
    const run = verifyHeader(cfg, entries);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(entries)));
  });

  it("counts Laguna-XS-2.1's stack: heads per layer (48 full, 64 sliding) and interleaved kinds", () => {
    // Each kind of layer sits at its own indices (interleavedStacks), so the names are compared.
    const heads = xs.config.num_attention_heads_per_layer;
    const entries = checkpointTensors({
      layers: 40,
      experts: 256,
      heads: (i) => heads[i]!,
      sparse: (i) => xs.config.mlp_layer_types[i] === 'sparse',
    });
    expect(deriveModel({ config: xs.config, source: 'laguna' })).toHaveParams(elementsOf(entries));
    const run = verifyHeader(xs.config, entries);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(entries)));
    const dense = {
      ...xs.config,
      mlp_layer_types: ['sparse', 'dense', ...Array(38).fill('sparse')],
    };
    const moved = checkpointTensors({
      layers: 40,
      experts: 256,
      heads: (i) => heads[i]!,
      sparse: (i) => i !== 1,
    });
    expect(deriveModel({ config: dense, source: 'laguna' })).toHaveParams(elementsOf(moved));
  });

  it("sizes Laguna-XS-2.1's KV cache as fitllm-engine does: 10 full layers, 30 of 512 tokens", () => {
    const report = deriveModel({ config: xs.config, source: 'laguna' });
    const figures = memoryFigures(report, {
      weights: { dtype: 'bf16' },
      kvDtype: 'bf16',
      batch: 1n,
      context: BigInt(xs.context),
    });
    expect(figures.kv?.cache.total.value).toBe(BigInt(xs.kv_cache_bytes));
    expect(flopsFigures(report).forward).toBeDefined();
  });

  it.each([
    [{ mlp_layer_types: ['dense', 'sparse'] }, /mlp_layer_types = .*: expected a list of 3/],
    [{ mlp_layer_types: ['dense', 'moe', 'sparse'] }, /"dense" or "sparse"/],
    [{ num_attention_heads_per_layer: [48, 0, 48] }, /num_attention_heads_per_layer = /],
  ])('refuses %j, naming the field', (over, message) => {
    const run = () => deriveModel({ config: { ...config, ...over }, source: 'laguna' });
    expect(run).toThrow(UserError);
    expect(run).toThrow(message);
  });

  it('defines only the causal LM and the base model', () => {
    expect(deriveModel({ config, source: 'laguna', className: 'LagunaModel' }).total).toBe(
      BigInt(
        elementsOf(
          checkpointTensors({ layers: 3, experts: 8, heads: () => 48, sparse: (i) => i > 0 }),
        ),
      ) -
        100352n * 2048n,
    );
    expect(() =>
      deriveModel({ config, source: 'laguna', className: 'LagunaForSequenceClassification' }),
    ).toThrow(/LagunaForCausalLM/);
  });
});
