import { describe, expect, it } from 'vitest';
import { deriveModel } from '../../src/requests/derive-model.js';
import { runCli } from '../support/cli.js';
import { hfCases, hfCases2, publishedCases, variantCases, writeJson } from '../support/models.js';
import { supportedModelTypes } from '../../src/models/load-model.js';
import { findPreset } from '../../src/models/presets.js';

// Ground truth: sum(p.numel() for p in model.parameters()) of the transformers class, published
// (test/fixtures/hf-models.json and published-totals.json, each case with its source).
describe('HuggingFace models match their published totals exactly', () => {
  it('has the fixture models', () => {
    expect(hfCases.length).toBeGreaterThanOrEqual(12);
  });

  const supported = new Set(supportedModelTypes());
  // hf-models-2.json's families arrive one lineage at a time (issue 8): the others stay visible as todos.
  const later = hfCases2.filter((c) => !supported.has(String(c.config.model_type)));
  for (const c of later)
    it.todo(
      `${c.name} ${c.hf_class} (model_type ${String(c.config.model_type)} not yet supported)`,
    );

  describe.each(
    [...hfCases, ...hfCases2.filter((c) => !later.includes(c))].map(
      (c) => [`${c.name} ${c.hf_class}`, c] as const,
    ),
  )('%s', (_name, c) => {
    it('through the library', () => {
      const report = deriveModel({ config: c.config, source: c.name, className: c.hf_class });
      expect(report).toHaveParams(c.total_params);
      if (c.non_embedding_params !== null)
        expect(report.model?.nonEmbedding).toBe(BigInt(c.non_embedding_params));
    });

    it('through the CLI, with the config written to a file', () => {
      const path = writeJson(c.config, 'config.json');
      const { code, stdout, stderr } = runCli([
        'derive',
        '--config',
        path,
        '--class',
        c.hf_class,
        '--format',
        'json',
      ]);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const json = JSON.parse(stdout);
      expect(json.total).toBe(String(c.total_params));
      expect(json.class).toBe(c.hf_class);
      if (c.non_embedding_params !== null)
        expect(json.non_embedding).toBe(String(c.non_embedding_params));
    });
  });

  describe.each(
    variantCases.map((c) => [`${c.base} ${c.hf_class} ${JSON.stringify(c.overrides)}`, c] as const),
  )('%s', (_name, c) => {
    it('matches the published total', () => {
      const base = hfCases2.find((h) => h.name === c.base)!;
      const report = deriveModel({
        config: { ...base.config, ...c.overrides },
        source: c.base,
        className: c.hf_class,
      });
      expect(report).toHaveParams(c.total_params);
    });
  });

  describe.each(publishedCases.map((c) => [`${c.preset} ${c.hf_class}`, c] as const))(
    'preset %s',
    (_name, c) => {
      it('matches the published total', () => {
        const preset = findPreset(c.preset)!;
        const report = deriveModel({
          config: preset.config,
          source: preset.repository,
          className: c.hf_class,
        });
        expect(report).toHaveParams(c.total_params);
        if (c.non_embedding_params !== undefined)
          expect(report.model?.nonEmbedding).toBe(BigInt(c.non_embedding_params));
      });
    },
  );
});
