import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deriveModel } from '../../../src/requests/derive-model.js';
import { runCli } from '../../support/cli.js';
import { loadJson } from '../../support/fixtures.js';
import { writeSparseSafetensors } from '../../support/llama-checkpoint.js';
import { writeJson } from '../../support/models.js';

// GLM-4.5-Air against test/fixtures/glm4-moe.json: the total a public training log's model contract
// records (106,852,245,504), and the tensor names and shapes Glm4MoeForCausalLM's checkpoint holds.
type Shapes = Record<string, number[]>;
interface Glm4MoeFixture {
  name: string;
  hf_class: string;
  config: Record<string, number | boolean | string | string[]>;
  total_params: number;
  tensors: {
    outside_layers: Shapes;
    every_layer: Shapes;
    dense_layer: Shapes;
    moe_layer: Shapes;
    every_expert: Shapes;
    mtp_extra: Shapes;
  };
}
const air = loadJson<Glm4MoeFixture>('glm4-moe.json');
const { tensors } = air;
const field = (name: string) => Number(air.config[name]);

/** The checkpoint's tensors: outside the layers, the dense ones', then each MoE layer's and its experts'. */
function checkpointTensors(withMtp = false): Array<[string, number[]]> {
  const entries = Object.entries(tensors.outside_layers);
  const experts = field('n_routed_experts');
  const layers = field('num_hidden_layers') + (withMtp ? 1 : 0);
  for (let i = 0; i < layers; i++) {
    const at = (shapes: Shapes) =>
      Object.entries(shapes).map(([n, s]): [string, number[]] => [`model.layers.${i}.${n}`, s]);
    entries.push(...at(tensors.every_layer));
    if (i < field('first_k_dense_replace')) {
      entries.push(...at(tensors.dense_layer));
      continue;
    }
    entries.push(...at(tensors.moe_layer));
    for (let j = 0; j < experts; j++)
      for (const [n, s] of Object.entries(tensors.every_expert))
        entries.push([`model.layers.${i}.mlp.experts.${j}.${n}`, s]);
    if (i === field('num_hidden_layers')) entries.push(...at(tensors.mtp_extra));
  }
  return entries;
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('glm4_moe (GLM-4.5-Air)', () => {
  it('counts GLM-4.5-Air as its training log records', () => {
    const report = deriveModel({ config: air.config, source: air.name, className: air.hf_class });
    expect(report).toHaveParams(air.total_params);
  });

  it('ships GLM-4.5-Air as the preset glm-4.5-air, counted as published', () => {
    const run = runCli(['derive', 'glm-4.5-air', '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).total).toBe(String(air.total_params));
  });

  it('derives from a config file on the command line', () => {
    const run = runCli(['derive', '--config', writeJson(air.config), '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.total).toBe(String(air.total_params));
    expect(json.class).toBe('Glm4MoeForCausalLM');
  });

  it('is one of the model types tparams list shows', () => {
    const run = runCli(['list']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\bglm4_moe\b/);
  });

  it("matches a checkpoint's header by every tensor name and shape, the router bias a buffer", () => {
    const dir = mkdtempSync(join(tmpdir(), 'glm4-moe-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'config.json'), JSON.stringify(air.config));
    writeSparseSafetensors(join(dir, 'model.safetensors'), checkpointTensors());
    const run = runCli(['verify', dir, '--format', 'json']);
    expect(run.code, run.stdout).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({
      match: true,
      checkpoint_total: String(air.total_params),
      derived_total: String(air.total_params),
      names_compared: true,
      unexpected: [],
      missing: [],
      mismatched: [],
    });
    // The last MoE layer's router bias is read as the buffer it is, not as a parameter.
    expect(JSON.stringify(json)).toContain('model.layers.45.mlp.gate.e_score_correction_bias');
  });

  it('sets the MTP layer model.layers.46 aside in verify, as transformers ignores it on load', () => {
    const dir = mkdtempSync(join(tmpdir(), 'glm4-moe-mtp-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'config.json'), JSON.stringify(air.config));
    writeSparseSafetensors(join(dir, 'model.safetensors'), checkpointTensors(true));
    const run = runCli(['verify', dir, '--format', 'json']);
    expect(run.code, run.stdout).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({
      match: true,
      checkpoint_total: String(air.total_params),
      unexpected: [],
      missing: [],
      mismatched: [],
    });
    // Every tensor of layer 46 but its router buffer: 9 + 5 - 1 + 3 · 128 + 6 = 403.
    expect(JSON.stringify(json.explained)).toContain('model.layers.46.* (403 tensors)');
  });

  it('has only the two classes the modeling file defines', () => {
    const model = deriveModel({ config: air.config, source: air.name, className: 'Glm4MoeModel' });
    // Glm4MoeModel is the causal LM less its untied lm_head [V, d].
    expect(model).toHaveParams(air.total_params - field('vocab_size') * field('hidden_size'));
    expect(() =>
      deriveModel({
        config: air.config,
        source: air.name,
        className: 'Glm4MoeForSequenceClassification',
      }),
    ).toThrow(/Glm4MoeForSequenceClassification/);
  });

  it('takes the head width as Glm4MoeAttention does without head_dim: hidden_size // heads', () => {
    // getattr(config, "head_dim", hidden_size // num_attention_heads): 4096 // 96 = 42, rounded down.
    const report = deriveModel({ config: { model_type: 'glm4_moe' }, source: 'defaults' });
    expect(report.bindings.d_h).toBe(42n);
  });

  it('adds per-head Q/K RMSNorms when use_qk_norm is on (GLM-4.5 itself has them)', () => {
    const config = { ...air.config, use_qk_norm: true };
    const report = deriveModel({ config, source: air.name });
    // Glm4MoeRMSNorm(head_dim) for q_norm and k_norm in each of the 46 layers.
    expect(report).toHaveParams(air.total_params + 46 * 2 * field('head_dim'));
  });

  it('lists the MTP layer the checkpoint holds and transformers does not load, beside the total', () => {
    const report = deriveModel({ config: air.config, source: air.name });
    const mtp = report.model!.leftOut!.find((l) => l.key === 'mtp')!;
    expect(mtp.reason).toMatch(/model\.layers\.46/);
    // The Hub's "110B" for the checkpoint: the 106.85B model plus the MTP layer (rounded).
    const checkpoint = Number(report.total! + mtp.derivation.value!) / 1e9;
    expect(Math.round(checkpoint)).toBe(110);
  });
});
