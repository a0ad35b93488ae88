import { describe, expect, it } from 'vitest';
import { deriveModel } from '../../../src/requests/derive-model.js';
import {
  elementsOf,
  exactMatch,
  type Tensors,
  verifyHeader,
} from '../../support/decoder-checkpoint.js';

// Falcon Mamba. No exact published count was found (the model card and catalogues: "7.27B"), so the
// total is the sum of a header written here by hand from modular_falcon_mamba.py: MambaMixer's
// tensors with FalconMambaConfig's use_bias false; the B/C/Δ RMS norms carry no weight (b_c_rms and
// dt_rms are non-persistent buffers), so a layer saves nothing more than Mamba's.
const config = {
  model_type: 'falcon_mamba',
  architectures: ['FalconMambaForCausalLM'],
  hidden_size: 4096,
  num_hidden_layers: 3,
  vocab_size: 65024,
  state_size: 16,
  expand: 16, // d_inner = 16·4096 — written as falcon-mamba-7b's is not: a shape no default hides
  conv_kernel: 4,
  time_step_rank: 256,
};

/** falcon-mamba-7b's layer shapes with d_inner = expand·d, r_dt 256, d_state 16. */
function tensors(inner: number, o: { bias: boolean; tied: boolean }): Tensors {
  const entries: Tensors = [
    ['backbone.embeddings.weight', [65024, 4096]],
    ['backbone.norm_f.weight', [4096]],
  ];
  if (!o.tied) entries.push(['lm_head.weight', [65024, 4096]]);
  for (let i = 0; i < config.num_hidden_layers; i++) {
    const l = `backbone.layers.${i}`;
    entries.push(
      [`${l}.norm.weight`, [4096]],
      [`${l}.mixer.in_proj.weight`, [2 * inner, 4096]],
      [`${l}.mixer.conv1d.weight`, [inner, 1, 4]],
      [`${l}.mixer.conv1d.bias`, [inner]],
      [`${l}.mixer.x_proj.weight`, [256 + 32, inner]],
      [`${l}.mixer.dt_proj.weight`, [inner, 256]],
      [`${l}.mixer.dt_proj.bias`, [inner]],
      [`${l}.mixer.A_log`, [inner, 16]],
      [`${l}.mixer.D`, [inner]],
      [`${l}.mixer.out_proj.weight`, [4096, inner]],
    );
    if (o.bias)
      entries.push([`${l}.mixer.in_proj.bias`, [2 * inner]], [`${l}.mixer.out_proj.bias`, [4096]]);
  }
  return entries;
}

describe('falcon_mamba (Falcon Mamba)', () => {
  it("matches a checkpoint's header by every name and shape: no bias, tied head by default", () => {
    const entries = tensors(16 * 4096, { bias: false, tied: true });
    const run = verifyHeader(config, entries);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(entries)));
  });

  it('reads a written intermediate_size over expand, use_bias and an untied head', () => {
    const entries = tensors(8192, { bias: true, tied: false });
    const cfg = { ...config, intermediate_size: 8192, use_bias: true, tie_word_embeddings: false };
    expect(verifyHeader(cfg, entries).json).toMatchObject(exactMatch(elementsOf(entries)));
    expect(deriveModel({ source: 'test', config: cfg })).toHaveParams(elementsOf(entries));
  });

  it('keeps MambaCache state (conv and scan) a layer, and no KV cache', () => {
    const model = deriveModel({ source: 'test', config: { ...config, expand: 2 } }).model;
    expect(model?.kvCache).toBeUndefined();
    expect(model?.recurrentState?.entries.map((e) => e.name)).toEqual(['conv', 'ssm']);
  });
});
