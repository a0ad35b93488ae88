import { describe, expect, it } from 'vitest';
import { expectedParameters } from '../../src/analysis/expected-parameters.js';
import type { TensorInfo } from '../../src/checkpoint/safetensors.js';
import { headerModel } from '../../src/header-model/header-spec.js';
import { deriveModel, modelReport } from '../../src/requests/derive-model.js';
import { memoryFigures } from '../../src/requests/memory-request.js';
import { loadJson } from '../support/fixtures.js';
import { tinyLlamaConfig, tinyLlamaTensors } from '../support/llama-checkpoint.js';

interface HeaderFixture {
  class: string;
  tensors: Record<string, number[]>;
}
interface Case {
  config: Record<string, unknown>;
  total_params: number;
}

const tensorsOf = (entries: Iterable<[string, number[]]>): Map<string, TensorInfo> =>
  new Map([...entries].map(([name, shape]) => [name, { dtype: 'BF16', shape: shape.map(BigInt) }]));

/** The report of a header read with `config` under a model_type no family reads. */
function derived(tensors: Map<string, TensorInfo>, config: Record<string, unknown>) {
  const { spec, buffers } = headerModel(tensors, { ...config, model_type: 'unknown_x' }, 'test');
  const report = modelReport(spec, 'test', { modelType: 'x', className: 'x', source: 'test' });
  return { spec, buffers, report };
}

/** Every tensor the derivation names, with its shape: it must be the header's, one for one. */
function namesOf(report: ReturnType<typeof derived>['report']): Map<string, string> {
  const { parameters } = expectedParameters(report.part, report.bindings);
  return new Map(parameters.map((p) => [p.name, p.shape.join('×')]));
}
const shapesOf = (tensors: Map<string, TensorInfo>) =>
  new Map([...tensors].map(([n, t]) => [n, t.shape.join('×')]));

// Totals from outside: each fixture's published figure (sources in test/fixtures/README.md).
describe('a header whose family is unknown', () => {
  it('reads Qwen3-Coder-Next (74,391 tensors) as two kinds of layer, each with E experts', () => {
    const header = loadJson<HeaderFixture>('qwen3-coder-next-header.json');
    const fixture = loadJson<Case>('qwen3-next.json');
    const tensors = tensorsOf(Object.entries(header.tensors));
    const { spec, report } = derived(tensors, fixture.config);
    expect(report.total).toBe(BigInt(fixture.total_params)); // 79,674,391,296
    expect(spec.sizes).toMatchObject({ L_lin: 36n, L_attn: 12n, E: 512n, d_model: 2048n });
    expect(namesOf(report)).toEqual(shapesOf(tensors));
    // Twelve attention layers keep a cache: k_proj and v_proj of n_kv·d_h each.
    expect(spec.kvCache?.entries).toHaveLength(1);
    expect(report.model?.kvCache?.entries[0]?.layers).toEqual({ kind: 'sym', name: 'L_attn' });
    // A token passes through k_top = 10 of the 512 experts: the qwen3_next family's active count
    // (the model card rounds it to 3B).
    const family = deriveModel({ config: fixture.config, source: 'qwen3-next' });
    expect(report.model?.active.value).toBe(family.model?.active.value);
    expect(report.model!.active.value! < report.total!).toBe(true);
    // Its 36 DeltaNet layers keep the family's state: the convolution's window and a d_lk-by-d_lv
    // matrix a value head (the output projection's input, n_lv·d_lv, times linear_key_head_dim).
    const state = (r: typeof report) =>
      memoryFigures(r, { weights: { dtype: 'bf16' }, batch: 1n }).state?.memory.total.value;
    expect(state(report)).toBe(state(family));
    expect(report.model?.recurrentState?.entries.map((e) => e.name)).toEqual(['conv', 'ssm']);
  });

  it('reads Mamba-130m: L layers of a mixer with its raw A_log and D', () => {
    const fixture = loadJson<{ model: Case; header: HeaderFixture }>('mamba-130m.json');
    const tensors = tensorsOf(Object.entries(fixture.header.tensors));
    const { spec, report } = derived(tensors, fixture.model.config);
    expect(report.total).toBe(BigInt(fixture.model.total_params)); // 129,135,360
    expect(spec.sizes.L).toBe(24n);
    expect(namesOf(report)).toEqual(shapesOf(tensors));
    expect(spec.kvCache).toBeUndefined();
    // Its state a sequence is the mamba family's: each layer's conv1d window and its scan.
    const family = deriveModel({ config: fixture.model.config, source: 'mamba-130m' });
    const state = (r: typeof report) =>
      memoryFigures(r, { weights: { dtype: 'bf16' }, batch: 1n }).state?.memory.total.value;
    expect(state(report)).toBe(state(family));
    expect(state(report)).toBeGreaterThan(0n);
  });

  it('reads Mamba-Codestral 7B (Mamba-2): its state a head, as the mamba2 family keeps it', () => {
    // The header as Mamba2ForCausalLM names it (the family's names, from the modeling code).
    const fixture = loadJson<{ model: Case }>('mamba-codestral.json');
    const family = deriveModel({ config: fixture.model.config, source: 'mamba-codestral' });
    const { parameters } = expectedParameters(family.part, family.bindings);
    const tensors = tensorsOf(parameters.map((p) => [p.name, p.shape.map(Number)]));
    const { report } = derived(tensors, fixture.model.config);
    expect(report.total).toBe(BigInt(fixture.model.total_params)); // 7,285,403,648
    const state = (r: typeof report) =>
      memoryFigures(r, { weights: { dtype: 'bf16' }, batch: 1n }).state?.memory.total.value;
    // Each layer: conv1d's window of d_inner + 2·n_g·d_state channels, and n_ssm·d_ssm·d_state.
    expect(state(report)).toBe(state(family));
    expect(report.bindings.d_state).toBe(128n);
  });

  it('reads Gemma 3 4B: a tower with its own tagged sizes, a projector and a language model', () => {
    const header = loadJson<HeaderFixture>('headers/gemma-3-4b-it.json');
    const fixture = loadJson<{ models: Case[] }>('vision-language.json').models[0]!;
    const tensors = tensorsOf(Object.entries(header.tensors));
    const { spec, report } = derived(tensors, fixture.config);
    expect(report.total).toBe(BigInt(fixture.total_params)); // 4,300,079,472
    expect(spec.sizes).toMatchObject({ L_vis: 27n, d_model_vis: 1152n, L: 34n, d_model: 2560n });
    expect(namesOf(report)).toEqual(shapesOf(tensors));
    expect(report.model?.roles.tower).toBeGreaterThan(0n);
  });

  it('counts what the llama family counts, for a checkpoint of the family', () => {
    const config = tinyLlamaConfig(3);
    const tensors = tensorsOf(tinyLlamaTensors(3));
    const family = deriveModel({ config, source: 'test' });
    const { spec, report } = derived(tensors, config);
    expect(report.total).toBe(family.total);
    expect(spec.sizes.L).toBe(3n);
    expect(report.model?.nonEmbedding).toBe(family.model?.nonEmbedding);
  });

  it('reads experts stored fused as E routed copies: gpt-oss-20b, 20.91B total', () => {
    // The header as GptOssForCausalLM names and shapes it (the family's names, from the modeling
    // code): `mlp.experts.gate_up_proj` [E, d, 2·d_ff] and its bias [E, 2·d_ff], one tensor each.
    const { config } = loadJson<{ config: Record<string, unknown> }>(
      '../../src/models/presets/gpt-oss-20b.json',
    );
    const family = deriveModel({ config, source: 'gpt-oss-20b' });
    const { parameters } = expectedParameters(family.part, family.bindings);
    const tensors = tensorsOf(parameters.map((p) => [p.name, p.shape.map(Number)]));
    expect(tensors.get('model.layers.0.mlp.experts.gate_up_proj')?.shape).toEqual([
      32n,
      2880n,
      5760n,
    ]);
    const { spec, report } = derived(tensors, config);
    // The model card's Table 1: 20.91B in all, 3.61B active less the embedding; the family's exact.
    expect(report.total).toBe(family.total);
    expect(Number(report.total) / 1e9).toBeCloseTo(20.91, 2);
    expect(spec.sizes).toMatchObject({ E: 32n, L: 24n });
    expect(namesOf(report)).toEqual(shapesOf(tensors));
    // A token passes through k_top = 4 of the 32 experts, as the family counts it.
    expect(report.model?.active.value).toBe(family.model?.active.value);
    const perToken = report.model!.active.value! - BigInt(201_088 * 2880);
    expect(Number(perToken) / 1e9).toBeCloseTo(3.61, 2);
  });

  it('slides the layers that layer_types calls sliding, as the llama family does', () => {
    const config = {
      ...tinyLlamaConfig(3),
      sliding_window: 8,
      layer_types: ['sliding_attention', 'full_attention', 'sliding_attention'],
    };
    const family = deriveModel({ config, source: 'test' });
    const { report } = derived(tensorsOf(tinyLlamaTensors(3)), config);
    const kv = (r: typeof report) =>
      memoryFigures(r, { weights: { dtype: 'bf16' }, batch: 1n, context: 100n }).kv?.cache.total
        .value;
    expect(kv(report)).toBe(kv(family));
    expect(report.model?.kvCache?.entries.map((e) => e.name)).toEqual(['self', 'sliding']);
  });

  it('sets buffers apart and refuses a dimension of zero', () => {
    const tensors = tensorsOf([
      ['model.layers.0.self_attn.rotary_emb.inv_freq', [8]],
      ['model.norm.weight', [16]],
    ]);
    const { buffers, report } = derived(tensors, {});
    expect(buffers).toEqual(['model.layers.0.self_attn.rotary_emb.inv_freq']);
    expect(report.total).toBe(16n);
    const deep = `${'a.'.repeat(10_000)}weight`;
    expect(() => derived(tensorsOf([[deep, [4]]]), {})).toThrow(/nested more than 64 modules/);
    expect(() => derived(tensorsOf([['w.weight', [0, 4]]]), {})).toThrow(
      /tensor "w.weight" has a dimension of 0/,
    );
  });

  it('keeps a dimension no field explains as a number', () => {
    const { report } = derived(tensorsOf([['proj.weight', [7, 5]]]), { hidden_size: 5 });
    expect(report.total).toBe(35n);
    expect(report.bindings).toEqual({ d_model: 5n });
  });
});
