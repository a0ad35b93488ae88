import { describe, expect, it } from 'vitest';
import { deriveModel } from '../../src/report/model-report.js';
import { alignedTex } from '../../src/report/notation.js';
import { findPreset } from '../../src/models/presets.js';

describe('aligned TeX', () => {
  const preset = findPreset('deepseek-v3')!;
  const report = deriveModel({ config: preset.config, source: preset.repository });

  it('breaks long sums into continuation lines, losing no term', () => {
    const root = report.derivations[0]!;
    const wrapped = alignedTex(root, 78);
    const unwrapped = alignedTex(root, 100_000);
    expect(wrapped.split('\n').length).toBeGreaterThan(unwrapped.split('\n').length);
    const joined = (s: string) => s.replace(/ \\\\\n&\\quad /g, ' ').replace(/\s+/g, ' ');
    expect(joined(wrapped)).toBe(joined(unwrapped));
    for (const line of wrapped.split('\n')) {
      expect(line.startsWith('&= ') || line.startsWith('&\\quad + ') || line.startsWith('&\\quad - ') || line.startsWith('P_')).toBe(true);
    }
  });
});
