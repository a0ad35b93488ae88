import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findPreset } from '../../src/models/presets.js';
import { deriveModel } from '../../src/requests/derive-model.js';

// Presets of issue 18's text lineages against totals published outside this project
// (test/fixtures/preset-totals-text.json, each case with its source). Presets with no exact
// published figure (falcon-mamba-7b: "7.27B" only) have no case here.

interface PresetTotal {
  readonly preset: string;
  readonly hf_class: string;
  readonly total_params: number;
  readonly source: string;
  /** Another checkpoint's figure: it applies only when these shape-deciding fields agree. */
  readonly same_shapes_as?: {
    readonly checkpoint: string;
    readonly config: Record<string, unknown>;
  };
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/preset-totals-text.json', import.meta.url), 'utf8'),
) as { cases: PresetTotal[] };

describe('presets of the new text lineages match their published totals', () => {
  for (const c of fixture.cases)
    it(c.preset, () => {
      const preset = findPreset(c.preset);
      expect(preset, `preset ${c.preset}`).toBeDefined();
      for (const [field, value] of Object.entries(c.same_shapes_as?.config ?? {}))
        expect(preset!.config[field], `${field} as in ${c.same_shapes_as!.checkpoint}`).toEqual(
          value,
        );
      const report = deriveModel({
        config: preset!.config,
        source: preset!.repository,
        className: c.hf_class,
      });
      expect(report).toHaveParams(c.total_params);
    });
});
