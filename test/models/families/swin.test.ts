import { describe, expect, it } from 'vitest';
import { deriveModel } from '../../../src/requests/derive-model.js';
import { runCli } from '../../support/cli.js';
import {
  elementsOf,
  exactMatch,
  type Tensors,
  verifyHeader,
} from '../../support/decoder-checkpoint.js';
import { loadJson } from '../../support/fixtures.js';
import { writeJson } from '../../support/models.js';

// Swin against test/fixtures/swin-tiny.json: Swin-T with 1000 labels, 28,288,354 parameters
// (torchvision's num_params for the same architecture). The checkpoint header below is written by
// hand from modeling_swin.py: nn.Linear stored [out, in], relative_position_bias_table
// [(2·7 − 1)², heads] a block, relative_position_index [49, 49] a persistent buffer, patch merging
// between stages (LayerNorm 4d, reduction 4d → 2d without bias).
interface SwinFixture {
  name: string;
  hf_class: string;
  config: Record<string, unknown>;
  total_params: number;
}
const fixture = loadJson<SwinFixture>('swin-tiny.json');

/** The tensors (and the index buffers, apart) of Swin-T's base model under `p`. */
function swinTensors(p: string): { params: Tensors; buffers: Tensors } {
  const params: Tensors = [
    [`${p}embeddings.patch_embeddings.projection.weight`, [96, 3, 4, 4]],
    [`${p}embeddings.patch_embeddings.projection.bias`, [96]],
    [`${p}embeddings.norm.weight`, [96]],
    [`${p}embeddings.norm.bias`, [96]],
    [`${p}layernorm.weight`, [768]],
    [`${p}layernorm.bias`, [768]],
  ];
  const buffers: Tensors = [];
  const depths = [2, 2, 6, 2];
  const heads = [3, 6, 12, 24];
  depths.forEach((depth, i) => {
    const d = 96 * 2 ** i;
    const stage = `${p}encoder.layers.${i}`;
    for (let j = 0; j < depth; j++) {
      const b = `${stage}.blocks.${j}`;
      params.push([`${b}.attention.self.relative_position_bias_table`, [169, heads[i]!]]);
      buffers.push([`${b}.attention.self.relative_position_index`, [49, 49]]);
      for (const n of ['self.query', 'self.key', 'self.value', 'output.dense'])
        params.push([`${b}.attention.${n}.weight`, [d, d]], [`${b}.attention.${n}.bias`, [d]]);
      for (const n of ['layernorm_before', 'layernorm_after'])
        params.push([`${b}.${n}.weight`, [d]], [`${b}.${n}.bias`, [d]]);
      params.push(
        [`${b}.intermediate.dense.weight`, [4 * d, d]],
        [`${b}.intermediate.dense.bias`, [4 * d]],
        [`${b}.output.dense.weight`, [d, 4 * d]],
        [`${b}.output.dense.bias`, [d]],
      );
    }
    if (i < 3)
      params.push(
        [`${stage}.downsample.reduction.weight`, [2 * d, 4 * d]],
        [`${stage}.downsample.norm.weight`, [4 * d]],
        [`${stage}.downsample.norm.bias`, [4 * d]],
      );
  });
  return { params, buffers };
}

describe('swin (Swin Transformer)', () => {
  it('counts Swin-T with 1000 labels as torchvision does', () => {
    const report = deriveModel({ config: fixture.config, source: fixture.name });
    expect(report).toHaveParams(fixture.total_params);
  });

  it('matches a SwinForImageClassification header by every tensor name and shape', () => {
    const { params, buffers } = swinTensors('swin.');
    params.push(['classifier.weight', [1000, 768]], ['classifier.bias', [1000]]);
    expect(elementsOf(params)).toBe(fixture.total_params);
    const run = verifyHeader(fixture.config, [...params, ...buffers]);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(fixture.total_params));
  });

  it('adds the mask token and the 1×1 pixel decoder for masked image modeling', () => {
    const config = {
      ...fixture.config,
      architectures: ['SwinForMaskedImageModeling'],
      use_absolute_embeddings: true,
    };
    const { params, buffers } = swinTensors('swin.');
    params.push(
      ['swin.embeddings.mask_token', [1, 1, 96]],
      // 224 / 4 = 56 patches a side: 56² + 1 rows.
      ['swin.embeddings.position_embeddings', [1, 3137, 96]],
      // encoder_stride 32: 32² · 3 outputs.
      ['decoder.0.weight', [3072, 768, 1, 1]],
      ['decoder.0.bias', [3072]],
    );
    const run = verifyHeader(config, [...params, ...buffers]);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(params)));
  });

  it('matches a SwinBackbone header: no final layernorm, a norm for each stage it puts out', () => {
    // modeling_swin.py's SwinBackbone: embeddings and encoder at the top, and hidden_states_norms,
    // a LayerNorm over num_features[stage] ([96, 96, 192, 384, 768] for stem, stage1…4) for each
    // of out_features; without out_features or out_indices, the last stage alone.
    const { params, buffers } = swinTensors('');
    const body = params.filter(([n]) => !n.startsWith('layernorm.'));
    const norm = (stage: string, width: number): Tensors => [
      [`hidden_states_norms.${stage}.weight`, [width]],
      [`hidden_states_norms.${stage}.bias`, [width]],
    ];
    const backbone = { ...fixture.config, architectures: ['SwinBackbone'] };
    const last = [...body, ...norm('stage4', 768)];
    const run = verifyHeader(backbone, [...last, ...buffers]);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(last)));
    const four = [
      ...body,
      ...norm('stem', 96),
      ...norm('stage2', 192),
      ...norm('stage3', 384),
      ...norm('stage4', 768),
    ];
    const byName = { ...backbone, out_features: ['stem', 'stage2', 'stage3', 'stage4'] };
    const named = verifyHeader(byName, [...four, ...buffers]);
    expect(named.code, named.stdout).toBe(0);
    expect(named.json).toMatchObject(exactMatch(elementsOf(four)));
    const byIndex = { ...backbone, out_indices: [0, 2, 3, -1] };
    expect(deriveModel({ config: byIndex, source: 's' })).toHaveParams(elementsOf(four));
    expect(() =>
      deriveModel({ config: { ...backbone, out_features: ['stage9'] }, source: 's' }),
    ).toThrow(/out_features = \["stage9"\]: expected names among stem, stage1/);
  });

  it('names each stage its own symbols and leaves out the one-width approximations', () => {
    const report = deriveModel({ config: fixture.config, source: fixture.name });
    expect(report.model?.approximations.every((a) => !a.applies)).toBe(true);
    const json = runCli(['derive', '--config', writeJson(fixture.config), '--format', 'json']);
    expect(json.code, json.stderr).toBe(0);
    expect(json.stdout).toMatch(/"L_3"/);
  });

  it('refuses num_heads that do not match depths, or a stage width they do not divide', () => {
    expect(() =>
      deriveModel({ config: { ...fixture.config, num_heads: [3, 6, 12] }, source: 's' }),
    ).toThrow(/num_heads = \[3,6,12\]: expected one entry a stage/);
    expect(() =>
      deriveModel({ config: { ...fixture.config, num_heads: [5, 6, 12, 24] }, source: 's' }),
    ).toThrow(/num_heads\[0\] = 5: expected a divisor of stage 1's width 96/);
  });

  it('has a weight memory and no KV cache (an encoder)', () => {
    const memory = runCli(['memory', '--config', writeJson(fixture.config), '--format', 'json']);
    expect(memory.code, memory.stderr).toBe(0);
    expect(JSON.parse(memory.stdout)).toMatchObject({
      weights_bytes: String(2 * fixture.total_params),
      kv_cache_bytes: null,
    });
    expect(runCli(['flops', '--config', writeJson(fixture.config)]).code).toBe(0);
  });
});
