import { describe, expect, it } from 'vitest';
import { deriveModel } from '../../../src/requests/derive-model.js';
import {
  elementsOf,
  exactMatch,
  type Tensors,
  verifyHeader,
} from '../../support/decoder-checkpoint.js';
import { runCli } from '../../support/cli.js';
import { loadJson } from '../../support/fixtures.js';

// DINOv2 against test/fixtures/dinov2-base.json (facebook/dinov2-base, Dinov2Model = 86,580,480 from
// a PyTorch re-creation, cross-checked against a published model tree). The checkpoint headers
// below are written by hand from modeling_dinov2.py: nn.Linear stored [out, in], Conv2d
// [out, in, k, k], cls_token [1, 1, d], mask_token [1, d], position_embeddings [1, n_patch + 1, d].
interface Dinov2Fixture {
  name: string;
  hf_class: string;
  config: Record<string, unknown>;
  total_params: number;
}
const fixture = loadJson<Dinov2Fixture>('dinov2-base.json');

/** The tensors Dinov2Model saves for width d, L layers, an MLP of `mlp` (or SwiGLU's, when given). */
function dinov2Tensors(o: {
  d: number;
  layers: number;
  patch: number;
  positions: number;
  mlp?: number;
  swiglu?: number;
  mask?: boolean;
}): Tensors {
  const { d } = o;
  const entries: Tensors = [
    ['embeddings.cls_token', [1, 1, d]],
    ...(o.mask === false ? [] : ([['embeddings.mask_token', [1, d]]] as Tensors)),
    ['embeddings.position_embeddings', [1, o.positions, d]],
    ['embeddings.patch_embeddings.projection.weight', [d, 3, o.patch, o.patch]],
    ['embeddings.patch_embeddings.projection.bias', [d]],
    ['layernorm.weight', [d]],
    ['layernorm.bias', [d]],
  ];
  for (let i = 0; i < o.layers; i++) {
    const l = `encoder.layer.${i}`;
    for (const n of ['norm1', 'norm2'])
      entries.push([`${l}.${n}.weight`, [d]], [`${l}.${n}.bias`, [d]]);
    for (const n of ['attention.query', 'attention.key', 'attention.value', 'output.dense'])
      entries.push([`${l}.attention.${n}.weight`, [d, d]], [`${l}.attention.${n}.bias`, [d]]);
    entries.push([`${l}.layer_scale1.lambda1`, [d]], [`${l}.layer_scale2.lambda1`, [d]]);
    if (o.swiglu)
      entries.push(
        [`${l}.mlp.weights_in.weight`, [2 * o.swiglu, d]],
        [`${l}.mlp.weights_in.bias`, [2 * o.swiglu]],
        [`${l}.mlp.weights_out.weight`, [d, o.swiglu]],
        [`${l}.mlp.weights_out.bias`, [d]],
      );
    else
      entries.push(
        [`${l}.mlp.fc1.weight`, [o.mlp!, d]],
        [`${l}.mlp.fc1.bias`, [o.mlp!]],
        [`${l}.mlp.fc2.weight`, [d, o.mlp!]],
        [`${l}.mlp.fc2.bias`, [d]],
      );
  }
  return entries;
}

// dinov2-base: 518 / 14 = 37 patches a side, 37² + 1 = 1370 positions; MLP 4 · 768 = 3072.
const base = { d: 768, layers: 12, patch: 14, positions: 1370, mlp: 3072 };

describe('dinov2 (DINOv2)', () => {
  it('counts facebook/dinov2-base as PyTorch does', () => {
    const report = deriveModel({ config: fixture.config, source: fixture.name });
    expect(report).toHaveParams(fixture.total_params);
  });

  it("matches a Dinov2Model checkpoint's header by every tensor name and shape", () => {
    const entries = dinov2Tensors(base);
    expect(elementsOf(entries)).toBe(fixture.total_params);
    const run = verifyHeader(fixture.config, entries);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(fixture.total_params));
  });

  it('classifies from the class token beside the mean patch token: 2d features in', () => {
    const config = {
      ...fixture.config,
      architectures: ['Dinov2ForImageClassification'],
      num_labels: 1000,
    };
    const entries: Tensors = [
      ...dinov2Tensors(base).map(([n, s]) => [`dinov2.${n}`, s] as [string, number[]]),
      ['classifier.weight', [1000, 1536]],
      ['classifier.bias', [1000]],
    ];
    const run = verifyHeader(config, entries);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(entries)));
  });

  it('builds the SwiGLU FFN of the giant models and leaves out the mask token when asked', () => {
    // dinov2-giant's sizes: d 1536, 40 layers, mlp_ratio 4 → int(6144 · 2/3) = 4096, already a multiple of 8.
    const config = {
      model_type: 'dinov2',
      hidden_size: 1536,
      num_hidden_layers: 2,
      num_attention_heads: 24,
      image_size: 518,
      patch_size: 14,
      use_swiglu_ffn: true,
      use_mask_token: false,
    };
    const entries = dinov2Tensors({ ...base, d: 1536, layers: 2, swiglu: 4096, mask: false });
    const run = verifyHeader(config, entries);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(entries)));
  });

  it('rounds the SwiGLU width up to a multiple of 8, as Dinov2SwiGLUFFN does', () => {
    // d 100, mlp_ratio 4: int(400 · 2/3) = 266, (266 + 7) // 8 · 8 = 272.
    const config = {
      model_type: 'dinov2',
      hidden_size: 100,
      num_hidden_layers: 1,
      num_attention_heads: 4,
      image_size: 28,
      patch_size: 14,
      use_swiglu_ffn: true,
    };
    const entries = dinov2Tensors({ d: 100, layers: 1, patch: 14, positions: 5, swiglu: 272 });
    const run = verifyHeader(config, entries);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(entries)));
  });

  it('refuses an mlp_ratio that is not a positive number, naming it', () => {
    expect(() =>
      deriveModel({ config: { ...fixture.config, mlp_ratio: 'four' }, source: 'x' }),
    ).toThrow(/mlp_ratio = "four": expected a positive number/);
  });

  it('has memory and compute figures, and no KV cache (an encoder)', () => {
    const memory = runCli(['memory', 'dinov2-base', '--format', 'json']);
    expect(memory.code, memory.stderr).toBe(0);
    // bf16 weights: two bytes for each of the fixture's parameters.
    expect(JSON.parse(memory.stdout)).toMatchObject({
      weights_bytes: String(2 * fixture.total_params),
      kv_cache_bytes: null,
    });
    const flops = runCli(['flops', 'dinov2-base']);
    expect(flops.code, flops.stderr).toBe(0);
    expect(flops.stdout).toMatch(/Forward FLOPs per token/);
  });
});
