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

// Llama 4's text model (Llama4ForCausalLM). Its published totals (Scout: "109B") are rounded, so
// the totals are sums of checkpoint headers written here by hand from modeling_llama4.py with
// Llama4TextConfig's (Scout's) widths: d 5120, 40 heads of 128, 8 key/value heads; q/k/v/o_proj
// (no qk_norm weights: an L2 norm); a sparse `feed_forward` of `router.weight` (E, d),
// `experts.gate_up_proj` (E, d, 2·8192), `experts.down_proj` (E, 8192, d) and `shared_expert`
// gate/up/down of 8192; a dense `feed_forward` gate/up/down of intermediate_size_mlp 16384; two
// RMSNorms a layer; nn.Linear stored [out, in]. Experts cut to 4 to keep the header small.
const config = {
  architectures: ['Llama4ForCausalLM'],
  model_type: 'llama4_text',
  hidden_size: 5120,
  intermediate_size: 8192,
  intermediate_size_mlp: 16384,
  num_hidden_layers: 2,
  num_attention_heads: 40,
  num_key_value_heads: 8,
  head_dim: 128,
  vocab_size: 202048,
  num_local_experts: 4,
  num_experts_per_tok: 1,
  interleave_moe_layer_step: 1,
  use_qk_norm: true,
  no_rope_layers: [1, 0],
  attn_temperature_tuning: true,
  tie_word_embeddings: false,
};

const swiglu = (prefix: string, width: number): Tensors => [
  [`${prefix}.gate_proj.weight`, [width, 5120]],
  [`${prefix}.up_proj.weight`, [width, 5120]],
  [`${prefix}.down_proj.weight`, [5120, width]],
];

function checkpointTensors(layers: number, sparse: (i: number) => boolean): Tensors {
  const outside: Tensors = [
    ['model.embed_tokens.weight', [202048, 5120]],
    ['model.norm.weight', [5120]],
    ['lm_head.weight', [202048, 5120]],
  ];
  return decoderTensors(outside, layers, (i) => [
    ['self_attn.q_proj.weight', [5120, 5120]],
    ['self_attn.k_proj.weight', [1024, 5120]],
    ['self_attn.v_proj.weight', [1024, 5120]],
    ['self_attn.o_proj.weight', [5120, 5120]],
    ...(sparse(i)
      ? ([
          ['feed_forward.router.weight', [4, 5120]],
          ['feed_forward.experts.gate_up_proj', [4, 5120, 16384]],
          ['feed_forward.experts.down_proj', [4, 8192, 5120]],
          ...swiglu('feed_forward.shared_expert', 8192),
        ] as Tensors)
      : swiglu('feed_forward', 16384)),
    ['input_layernorm.weight', [5120]],
    ['post_attention_layernorm.weight', [5120]],
  ]);
}

describe('llama4_text (Llama 4 text model)', () => {
  it("matches a checkpoint's header by every tensor name and shape: every layer sparse (Scout)", () => {
    const entries = checkpointTensors(2, () => true);
    const run = verifyHeader(config, entries);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(entries)));
  });

  it('names a dense layer then a sparse one with interleave_moe_layer_step 2', () => {
    const cfg = { ...config, interleave_moe_layer_step: 2 };
    const entries = checkpointTensors(2, (i) => i === 1);
    const run = verifyHeader(cfg, entries);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(entries)));
  });

  it('counts interleaved dense and sparse layers (Maverick: step 2), and moe_layers as listed', () => {
    const step2 = {
      ...config,
      num_hidden_layers: 6,
      no_rope_layers: null,
      interleave_moe_layer_step: 2,
    };
    expect(deriveModel({ config: step2, source: 'llama4' })).toHaveParams(
      elementsOf(checkpointTensors(6, (i) => i % 2 === 1)),
    );
    const listed = { ...config, num_hidden_layers: 4, no_rope_layers: null, moe_layers: [0, 3, 9] };
    expect(deriveModel({ config: listed, source: 'llama4' })).toHaveParams(
      elementsOf(checkpointTensors(4, (i) => i === 0 || i === 3)),
    );
  });

  it('counts one routed expert of four and the shared expert as active', () => {
    const report = deriveModel({ config, source: 'llama4' });
    const idle = 2n * 3n * 3n * 8192n * 5120n;
    expect(report.model!.active.value).toBe(report.total! - idle);
  });

  it('caches a key and a value of 8·128 in every layer', () => {
    const report = deriveModel({ config, source: 'llama4' });
    const figures = memoryFigures(report, {
      weights: { dtype: 'bf16' },
      batch: 1n,
      context: 4096n,
    });
    expect(figures.kv?.cache.total.value).toBe(2n * 2n * 8n * 128n * 4096n * 2n);
    expect(flopsFigures(report).forward).toBeDefined();
  });

  it('caches the RoPE layers within a chunk, as DynamicCache keeps them', () => {
    // transformers' DynamicCache makes a `chunked_attention` layer a DynamicSlidingWindowLayer of
    // attention_chunk_size (8,192) tokens; Llama4TextConfig makes three layers in four chunked
    // (no_rope_layer_interval 4). Scout's 48 layers at 131,072 tokens: 12 keep them all, 36 keep
    // 8,192; a key and a value of 8 heads × 128 in bf16.
    const scout = { ...config, num_hidden_layers: 48, moe_layers: null, no_rope_layers: null };
    const report = deriveModel({ config: scout, source: 'llama4' });
    const figures = memoryFigures(report, {
      weights: { dtype: 'bf16' },
      batch: 1n,
      context: 131072n,
    });
    expect(figures.kv?.cache.total.value).toBe((12n * 131072n + 36n * 8192n) * 2n * 8n * 128n * 2n);
    const listed = { ...scout, layer_types: Array(48).fill('full_attention') };
    const full = memoryFigures(deriveModel({ config: listed, source: 'llama4' }), {
      weights: { dtype: 'bf16' },
      batch: 1n,
      context: 131072n,
    });
    expect(full.kv?.cache.total.value).toBe(48n * 131072n * 2n * 8n * 128n * 2n);
  });

  it('refuses a moe_layers that is not a list of indices, and knows only its two classes', () => {
    const bad = () => deriveModel({ config: { ...config, moe_layers: [1, -1] }, source: 'llama4' });
    expect(bad).toThrow(UserError);
    expect(bad).toThrow(/moe_layers = \[1,-1\]: expected a list of layer indices/);
    const base = deriveModel({ config, source: 'llama4', className: 'Llama4TextModel' });
    expect(base.total).toBe(BigInt(elementsOf(checkpointTensors(2, () => true))) - 202048n * 5120n);
  });
});
