import { describe, expect, it } from 'vitest';
import { documentData } from '../../src/documents/document-data.js';
import { markdownMath } from '../../src/documents/math-renderers.js';
import { loadLocale } from '../../src/i18n/locale.js';
import { deriveModel } from '../../src/requests/derive-model.js';
import { symbolInfo } from '../../src/symbols/table.js';

// Symbols that families of issue 18 bind (projectors, Llama 4, Gemma 4): each a row of the shared
// table, so every document that uses it says what it means, in English and in Chinese.
const cases: Array<[string, Record<string, unknown>, string]> = [
  ['m_merge', { model_type: 'mistral3' }, 'spatial_merge_size'],
  ['s_scale', { model_type: 'idefics3' }, 'scale_factor'],
  ['r_down', { model_type: 'internvl' }, 'downsample_ratio'],
  ['n_feat', { model_type: 'llava', vision_feature_layer: [-2, -5] }, 'vision_feature_layer'],
  ['d_mlp', { model_type: 'llama4_text', interleave_moe_layer_step: 2 }, 'intermediate_size_mlp'],
  ['d_ple', { model_type: 'gemma4_text' }, 'hidden_size_per_layer_input'],
  ['d_aud', { model_type: 'gemma4', audio_config: {} }, 'audio_config.hidden_size'],
  ['L_aud', { model_type: 'gemma4', audio_config: {} }, 'audio_config.num_hidden_layers'],
];

describe('the symbols of projectors, Llama 4 and Gemma 4 are rows of the table', () => {
  it.each(cases)('%s has a row, and its documents show its meaning', (name, config, field) => {
    const row = symbolInfo(name);
    expect(row?.meaning).toMatch(/[a-z]{3}/);
    expect(row?.fields[0]).toBe(field);
    const report = deriveModel({ config, source: name });
    for (const lang of ['en', 'zh'] as const) {
      const symbols = documentData(report, loadLocale(lang), markdownMath).symbols;
      const shown = symbols.find((s) => s.name === name);
      expect(shown, `${name} in the ${lang} document`).toBeDefined();
      expect(shown!.field).toBe(field);
      if (lang === 'en') expect(shown!.meaning).toBe(row!.meaning);
      else expect(shown!.meaning).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
