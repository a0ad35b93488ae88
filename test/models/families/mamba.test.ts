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

// Mamba against test/fixtures/mamba-130m.json (from the shared hf-models-3.json): state-spaces/
// mamba-130m-hf's config, its published total (129,135,360) and the 242 tensors the checkpoint
// holds, name by name, as named_parameters() lists them for MambaForCausalLM.
interface MambaFixture {
  model: { name: string; hf_class: string; total_params: number; config: Record<string, unknown> };
  header: { class: string; tensors: Record<string, number[]> };
}
const fixture = loadJson<MambaFixture>('mamba-130m.json');
const { config } = fixture.model;
const header: Tensors = Object.entries(fixture.header.tensors);

/**
 * The tensors MambaForCausalLM saves, written from modeling_mamba.py for a small config: per layer
 * `norm`, then MambaMixer's in_proj [2·d_inner, d] (+ bias with use_bias), conv1d [d_inner, 1, k]
 * (+ bias), x_proj [r_dt + 2·d_state, d_inner], dt_proj [d_inner, r_dt] + bias, A_log
 * [d_inner, d_state], D [d_inner], out_proj [d, d_inner] (+ bias); lm_head only when untied.
 */
function smallMamba(o: { bias: boolean; tied: boolean }): Tensors {
  // hidden 64 → d_inner 128 (expand 2), r_dt ⌈64/16⌉ = 4, d_state 8, kernel 3.
  const entries: Tensors = [
    ['backbone.embeddings.weight', [100, 64]],
    ['backbone.norm_f.weight', [64]],
  ];
  if (!o.tied) entries.push(['lm_head.weight', [100, 64]]);
  for (let i = 0; i < 2; i++) {
    const l = `backbone.layers.${i}`;
    entries.push(
      [`${l}.norm.weight`, [64]],
      [`${l}.mixer.in_proj.weight`, [256, 64]],
      [`${l}.mixer.conv1d.weight`, [128, 1, 3]],
      [`${l}.mixer.conv1d.bias`, [128]],
      [`${l}.mixer.x_proj.weight`, [4 + 16, 128]],
      [`${l}.mixer.dt_proj.weight`, [128, 4]],
      [`${l}.mixer.dt_proj.bias`, [128]],
      [`${l}.mixer.A_log`, [128, 8]],
      [`${l}.mixer.D`, [128]],
      [`${l}.mixer.out_proj.weight`, [64, 128]],
    );
    if (o.bias)
      entries.push([`${l}.mixer.in_proj.bias`, [256]], [`${l}.mixer.out_proj.bias`, [64]]);
  }
  return entries;
}
const small = {
  model_type: 'mamba',
  architectures: ['MambaForCausalLM'],
  hidden_size: 64,
  num_hidden_layers: 2,
  vocab_size: 100,
  state_size: 8,
  conv_kernel: 3,
};

describe('mamba (state-spaces/mamba-130m-hf)', () => {
  it('counts mamba-130m-hf as published: 129,135,360', () => {
    const report = deriveModel({ config, source: fixture.model.name });
    expect(report).toHaveParams(fixture.model.total_params);
    expect(elementsOf(header)).toBe(fixture.model.total_params);
  });

  it("matches the checkpoint's 242 tensors by name and shape", () => {
    expect(header).toHaveLength(242);
    const run = verifyHeader(config, header);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(fixture.model.total_params));
  });

  it('biases in_proj and out_proj by default (use_bias), ties the head unless told', () => {
    const biased = smallMamba({ bias: true, tied: true });
    expect(verifyHeader(small, biased).json).toMatchObject(exactMatch(elementsOf(biased)));
    const plain = smallMamba({ bias: false, tied: false });
    const cfg = { ...small, use_bias: false, tie_word_embeddings: false };
    expect(verifyHeader(cfg, plain).json).toMatchObject(exactMatch(elementsOf(plain)));
  });

  it('reads time_step_rank as written, and "auto" as ⌈hidden_size / 16⌉', () => {
    const tensors = smallMamba({ bias: false, tied: true });
    const auto = deriveModel({ source: 'test', config: { ...small, use_bias: false } });
    expect(auto).toHaveParams(elementsOf(tensors));
    // Rank 5: x_proj [5 + 16, 128] and dt_proj [128, 5] in each of the 2 layers.
    const rank5 = tensors.map(([name, shape]): [string, number[]] =>
      name.endsWith('x_proj.weight')
        ? [name, [21, 128]]
        : name.endsWith('dt_proj.weight')
          ? [name, [128, 5]]
          : [name, shape],
    );
    const written = deriveModel({
      source: 'test',
      config: { ...small, use_bias: false, time_step_rank: 5 },
    });
    expect(written).toHaveParams(elementsOf(rank5));
    expect(() =>
      deriveModel({ source: 'test', config: { ...small, time_step_rank: 'big' } }),
    ).toThrow(/time_step_rank = "big": expected a positive integer or "auto"/);
  });

  it('keeps a conv and a scan state a layer, and no KV cache', () => {
    const run = runCli(['memory', 'mamba-130m', '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout);
    // MambaCache: conv_states [B, 1536, 4] and ssm_states [B, 1536, 16] in each of 24 layers, bf16:
    // 2 bytes · 24 · (1536·4 + 1536·16) = 1,474,560 for one sequence.
    expect(json.recurrent_state_bytes).toBe('1474560');
    expect(json.kv_cache_bytes).toBeNull();
    expect(runCli(['flops', 'mamba-130m']).code).toBe(0);
  });

  it('derives from the preset and a config file alike, with only two classes', () => {
    const run = runCli(['derive', '--config', writeJson(config), '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).total).toBe(String(fixture.model.total_params));
    expect(() =>
      deriveModel({ config, source: 'test', className: 'MambaForSequenceClassification' }),
    ).toThrow(/MambaForCausalLM/);
  });
});
