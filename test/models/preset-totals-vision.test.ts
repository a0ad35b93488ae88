import { describe, expect, it } from 'vitest';
import { findPreset } from '../../src/models/presets.js';
import { deriveModel } from '../../src/requests/derive-model.js';
import { loadJson } from '../support/fixtures.js';

interface PresetTotal {
  preset: string;
  hf_class: string;
  total_params: number;
  source: string;
}

// Ground truth: the presets of the vision-language lineages against exact totals published
// elsewhere (test/fixtures/preset-totals-vision.json, each case with its source). No exact
// published figure was found for llava-v1.6-mistral-7b. qwen3-vl-30b-a3b-instruct: its checkpoint
// holds 31,070,754,032 (an untied lm_head beside embed_tokens): its config writes
// `tie_word_embeddings: false` at the top level, which transformers 5 reads (the composite's own
// config) over Qwen3VLMoeTextConfig's default True.
const cases = loadJson<{ cases: PresetTotal[] }>('preset-totals-vision.json').cases;

function totalOf(c: PresetTotal) {
  const preset = findPreset(c.preset);
  if (!preset) throw new Error(`no preset ${c.preset}`);
  return deriveModel({ config: preset.config, source: preset.repository, className: c.hf_class });
}

describe('vision-language presets match their published totals', () => {
  it('qwen3-vl-8b-instruct: the Hub safetensors total', () => {
    const c = cases.find((x) => x.preset === 'qwen3-vl-8b-instruct')!;
    expect(totalOf(c)).toHaveParams(c.total_params);
  });

  it('qwen2-vl-7b-instruct: the Hub safetensors total', () => {
    const c = cases.find((x) => x.preset === 'qwen2-vl-7b-instruct')!;
    expect(totalOf(c)).toHaveParams(c.total_params);
  });

  it('qwen3-vl-30b-a3b-instruct: the checkpoint total, its lm_head untied by the top level', () => {
    const c = cases.find((x) => x.preset === 'qwen3-vl-30b-a3b-instruct')!;
    expect(totalOf(c)).toHaveParams(c.total_params);
  });

  it('mistral-small-3.1-24b-instruct: keras-hub preset params', () => {
    const c = cases.find((x) => x.preset === 'mistral-small-3.1-24b-instruct')!;
    expect(totalOf(c)).toHaveParams(c.total_params);
  });
});
