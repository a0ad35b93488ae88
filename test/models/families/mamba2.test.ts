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

// Mamba-2 against test/fixtures/mamba-codestral.json (from the shared hf-models-3.json): Mistral's
// announcement gives Mamba-Codestral-7B-v0.1 7,285,403,648 parameters.
interface Fixture {
  model: { name: string; hf_class: string; total_params: number; config: Record<string, unknown> };
}
const { model } = loadJson<Fixture>('mamba-codestral.json');

/**
 * The tensors Mamba2ForCausalLM saves for Codestral's widths in `layers` layers, written from
 * modeling_mamba2.py: d_inner = 2·4096 = 8192, conv_dim = 8192 + 2·8·128 = 10240, in_proj
 * 8192 + 10240 + 128 = 18560 rows; dt_bias, A_log and D one number a head (128); the gated norm
 * over d_inner; an untied lm_head.
 */
function codestralTensors(layers: number, o: { bias: boolean } = { bias: false }): Tensors {
  const entries: Tensors = [
    ['backbone.embeddings.weight', [32768, 4096]],
    ['backbone.norm_f.weight', [4096]],
    ['lm_head.weight', [32768, 4096]],
  ];
  for (let i = 0; i < layers; i++) {
    const l = `backbone.layers.${i}`;
    entries.push(
      [`${l}.norm.weight`, [4096]],
      [`${l}.mixer.dt_bias`, [128]],
      [`${l}.mixer.A_log`, [128]],
      [`${l}.mixer.D`, [128]],
      [`${l}.mixer.conv1d.weight`, [10240, 1, 4]],
      [`${l}.mixer.conv1d.bias`, [10240]],
      [`${l}.mixer.in_proj.weight`, [18560, 4096]],
      [`${l}.mixer.norm.weight`, [8192]],
      [`${l}.mixer.out_proj.weight`, [4096, 8192]],
    );
    if (o.bias)
      entries.push([`${l}.mixer.in_proj.bias`, [18560]], [`${l}.mixer.out_proj.bias`, [4096]]);
  }
  return entries;
}

describe('mamba2 (Mamba-Codestral-7B)', () => {
  it('counts Mamba-Codestral-7B-v0.1 as published: 7,285,403,648', () => {
    const report = deriveModel({ config: model.config, source: model.name });
    expect(report).toHaveParams(model.total_params);
    expect(elementsOf(codestralTensors(64))).toBe(model.total_params);
  });

  it("matches a checkpoint's header by every tensor name and shape", () => {
    const config = { ...model.config, num_hidden_layers: 2 };
    const entries = codestralTensors(2);
    const run = verifyHeader(config, entries);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(entries)));
    const biased = codestralTensors(2, { bias: true });
    expect(verifyHeader({ ...config, use_bias: true }, biased).json).toMatchObject(
      exactMatch(elementsOf(biased)),
    );
  });

  it('keeps Mamba2Cache state: conv [conv_dim, k] and ssm [n_heads, head_dim, d_state]', () => {
    const run = runCli(['memory', 'mamba-codestral-7b', '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout);
    // bf16, one sequence, 64 layers: 2 · 64 · (10240·4 + 128·64·128) = 139,460,608 bytes.
    expect(json.recurrent_state_bytes).toBe('139460608');
    expect(json.kv_cache_bytes).toBeNull();
    expect(runCli(['flops', 'mamba-codestral-7b']).code).toBe(0);
  });

  it('has the causal LM and the base model only', () => {
    const base = deriveModel({ config: model.config, source: 'test', className: 'Mamba2Model' });
    expect(base).toHaveParams(model.total_params - 32768 * 4096);
    expect(() =>
      deriveModel({
        config: model.config,
        source: 'test',
        className: 'Mamba2ForSequenceClassification',
      }),
    ).toThrow(/Mamba2ForCausalLM/);
  });
});
