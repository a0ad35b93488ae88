import { describe, expect, it } from 'vitest';
import { deriveModel } from '../../src/requests/derive-model.js';
import { alignedTex, alignedText, visibleWidth } from '../../src/printers/notation.js';
import { findPreset } from '../../src/models/presets.js';
import { labelTex } from '../../src/render/label.js';

describe('line breaking', () => {
  const preset = findPreset('deepseek-v3')!;
  const report = deriveModel({ config: preset.config, source: preset.repository });
  const root = report.derivations[0]!;

  it('TeX: breaks long sums into continuation lines at term boundaries, losing no term', () => {
    const wrapped = alignedTex(root, 60);
    const unwrapped = alignedTex(root, 100_000);
    expect(wrapped.split('\n').length).toBeGreaterThan(unwrapped.split('\n').length);
    // Joined back (and with the parentheses a break fell inside written as \left…\right again), the same.
    const joined = (s: string) =>
      s
        .replace(/ \\\\\n&\\q?quad(\\quad)* /g, ' ')
        .replace(/\\left\(|\\right\)/g, (p) => p.slice(-1))
        .replace(/\s+/g, ' ');
    expect(joined(wrapped)).toBe(joined(unwrapped));
    for (const line of wrapped.split('\n')) {
      expect(line).toMatch(/^(P_|&= |&\\quad [+-] |&\\qquad(\\quad)* [+-] )/);
      // A break inside parentheses prints them plainly: \left( … \right) cannot span lines.
      expect(line.split('\\left(').length).toBe(line.split('\\right)').length);
      expect(
        visibleWidth(line.replace(/^.*?&(=|\\q?quad(\\quad)*)/, '').replace(/ \\\\$/, '')),
      ).toBeLessThanOrEqual(60 - visibleWidth(`${labelTex(root.label)}=`));
    }
  });

  it('text: every line within the width, continuation lines start under the =', () => {
    for (const width of [100, 80, 60]) {
      const lines = alignedText(root, width);
      for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(width);
      const column = lines[0]!.indexOf('=');
      for (const line of lines.slice(1)) expect(line.slice(0, column).trim()).toBe('');
      for (const line of lines.filter((l) => /^\s*[+−]/.test(l)))
        expect(line.search(/[+−]/)).toBeGreaterThanOrEqual(column);
    }
  });

  it('text: joined back, the broken lines are the unbroken steps', () => {
    const squash = (lines: string[]) => lines.join(' ').replace(/\s+/g, ' ');
    expect(squash(alignedText(root, 60))).toBe(squash(alignedText(root, 10_000)));
  });
});
