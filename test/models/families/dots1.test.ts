import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deriveModel } from '../../../src/requests/derive-model.js';
import { runCli } from '../../support/cli.js';
import { loadJson } from '../../support/fixtures.js';
import { writeSparseSafetensors } from '../../support/llama-checkpoint.js';

// dots.llm1 against test/fixtures/dots1-small.json: a small config and the tensor names and shapes
// its Dots1ForCausalLM checkpoint holds, written by hand from modeling_dots1.py. No exact published
// count of dots.llm1 (the model card says "142B total") nor its config.json was at hand, so no
// total of the released model is asserted here.
type Shapes = Record<string, number[]>;
interface Dots1Fixture {
  config: Record<string, number | boolean | string | string[]>;
  tensors: {
    outside_layers: Shapes;
    every_layer: Shapes;
    dense_layer: Shapes;
    moe_layer: Shapes;
    every_expert: Shapes;
  };
}
const small = loadJson<Dots1Fixture>('dots1-small.json');
const { tensors } = small;
const field = (name: string) => Number(small.config[name]);

/** The checkpoint's tensors: outside the layers, the dense ones', then each MoE layer's and its experts'. */
function checkpointTensors(): Array<[string, number[]]> {
  const entries = Object.entries(tensors.outside_layers);
  for (let i = 0; i < field('num_hidden_layers'); i++) {
    const at = (shapes: Shapes) =>
      Object.entries(shapes).map(([n, s]): [string, number[]] => [`model.layers.${i}.${n}`, s]);
    entries.push(...at(tensors.every_layer));
    if (i < field('first_k_dense_replace')) {
      entries.push(...at(tensors.dense_layer));
      continue;
    }
    entries.push(...at(tensors.moe_layer));
    for (let j = 0; j < field('n_routed_experts'); j++)
      for (const [n, s] of Object.entries(tensors.every_expert))
        entries.push([`model.layers.${i}.mlp.experts.${j}.${n}`, s]);
  }
  return entries;
}

/** The elements of the checkpoint's parameters (its router buffers left out). */
function checkpointParams(): number {
  return checkpointTensors()
    .filter(([n]) => !n.endsWith('e_score_correction_bias'))
    .reduce((sum, [, s]) => sum + s.reduce((a, b) => a * b, 1), 0);
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('dots1 (dots.llm1)', () => {
  it("matches a checkpoint's header by every tensor name and shape, the router bias a buffer", () => {
    const dir = mkdtempSync(join(tmpdir(), 'dots1-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'config.json'), JSON.stringify(small.config));
    writeSparseSafetensors(join(dir, 'model.safetensors'), checkpointTensors());
    const run = runCli(['verify', dir, '--format', 'json']);
    expect(run.code, run.stdout).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      match: true,
      checkpoint_total: String(checkpointParams()),
      derived_total: String(checkpointParams()),
      names_compared: true,
      unexpected: [],
      missing: [],
      mismatched: [],
    });
  });

  it('puts a bias on all four projections, O too, when attention_bias is on', () => {
    const config = { ...small.config, attention_bias: true };
    const report = deriveModel({ config, source: 'small' });
    // Per layer: q 128, k 64, v 64 and o 64 bias elements (the fixture's out widths), 3 layers.
    expect(report).toHaveParams(checkpointParams() + 3 * (128 + 64 + 64 + 64));
  });

  it('has only the two classes the modeling file defines', () => {
    const base = deriveModel({ config: small.config, source: 'small', className: 'Dots1Model' });
    // Dots1Model is the causal LM less its untied lm_head [V, d].
    expect(base).toHaveParams(checkpointParams() - field('vocab_size') * field('hidden_size'));
    expect(() =>
      deriveModel({
        config: small.config,
        source: 'small',
        className: 'Dots1ForQuestionAnswering',
      }),
    ).toThrow(/Dots1ForQuestionAnswering/);
  });

  it('is one of the model types tparams list shows', () => {
    const run = runCli(['list']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\bdots1\b/);
  });
});
