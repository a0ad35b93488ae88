import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deriveModel } from '../../../src/requests/derive-model.js';
import { runCli } from '../../support/cli.js';
import { loadJson } from '../../support/fixtures.js';
import { writeSparseSafetensors } from '../../support/llama-checkpoint.js';
import { writeJson } from '../../support/models.js';

// GLM-4-0414 against test/fixtures/glm4.json: a published count (llama.cpp's n_params of a GGUF of
// the same sizes) and the tensor names and shapes transformers' Glm4ForCausalLM saves.
interface Glm4Fixture {
  name: string;
  hf_class: string;
  config: Record<string, unknown>;
  total_params: number;
  tensors: { outside_layers: Record<string, number[]>; every_layer: Record<string, number[]> };
}
const glm4 = loadJson<Glm4Fixture>('glm4.json');

/** The checkpoint's tensors: those outside the layers, then each of the config's layers'. */
function checkpointTensors(layers: number): Array<[string, number[]]> {
  const entries = Object.entries(glm4.tensors.outside_layers);
  for (let i = 0; i < layers; i++)
    for (const [name, shape] of Object.entries(glm4.tensors.every_layer))
      entries.push([`model.layers.${i}.${name}`, shape]);
  return entries;
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('glm4 (GLM-4-0414)', () => {
  it('counts GLM-4-9B-0414 as published', () => {
    const report = deriveModel({
      config: glm4.config,
      source: glm4.name,
      className: glm4.hf_class,
    });
    expect(report).toHaveParams(glm4.total_params);
  });

  it('derives from a config file on the command line', () => {
    const run = runCli(['derive', '--config', writeJson(glm4.config), '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.total).toBe(String(glm4.total_params));
    expect(json.class).toBe('Glm4ForCausalLM');
  });

  it('is one of the model types tparams list shows', () => {
    const run = runCli(['list']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\bglm4\b/);
  });

  it("matches a checkpoint's header by every tensor name and shape", () => {
    const dir = mkdtempSync(join(tmpdir(), 'glm4-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'config.json'), JSON.stringify(glm4.config));
    const layers = Number(glm4.config.num_hidden_layers);
    writeSparseSafetensors(join(dir, 'model.safetensors'), checkpointTensors(layers));
    const run = runCli(['verify', dir, '--format', 'json']);
    expect(run.code, run.stdout).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      match: true,
      checkpoint_total: String(glm4.total_params),
      derived_total: String(glm4.total_params),
      names_compared: true,
      unexpected: [],
      missing: [],
      mismatched: [],
    });
  });

  it('leaves out the Q/K/V biases when attention_bias is off, and never has one on O', () => {
    const config = { ...glm4.config, attention_bias: false };
    const biased = deriveModel({ config: glm4.config, source: glm4.name });
    const unbiased = deriveModel({ config, source: glm4.name });
    // 40 layers of q, k and v biases: 4096 + 256 + 256 elements each, from the fixture's shapes.
    const qkv = ['q', 'k', 'v'].map(
      (p) => glm4.tensors.every_layer[`self_attn.${p}_proj.bias`]![0]!,
    );
    const perLayer = qkv.reduce((a, b) => a + b, 0);
    expect(unbiased).toHaveParams(glm4.total_params - 40 * perLayer);
    expect(glm4.tensors.every_layer['self_attn.o_proj.bias']).toBeUndefined();
    expect(biased).toHaveParams(glm4.total_params);
  });
});
