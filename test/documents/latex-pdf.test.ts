import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderDocument } from '../../src/documents/render-document.js';
import { findPreset } from '../../src/models/presets.js';
import { deriveModel } from '../../src/requests/derive-model.js';
import { parseGpu } from '../../src/hardware/gpu-table.js';

/**
 * Compiles LaTeX documents with pdfLaTeX and reads its log: a derivation or table that runs past the
 * margin is an "Overfull \hbox". Skipped, with a message, only when pdfLaTeX is absent outside CI
 * (.ci/run installs Debian's TeX Live); in CI a missing pdflatex is a failure.
 */
const pdflatex = ['/usr/bin/pdflatex'].find((p) => existsSync(p));
if (!pdflatex) {
  const message =
    'LaTeX test: no pdflatex (apt-get install texlive-latex-base texlive-latex-recommended texlive-fonts-recommended)';
  if (process.env.CI) throw new Error(`${message}; CI must have it (.ci/run installs it)`);
  console.warn(`${message}: skipped`);
}

describe.skipIf(!pdflatex)('LaTeX documents in pdfLaTeX', () => {
  // Two with GPUs: the roofline's chains of bounds and the fits table are the widest rows.
  it.each([
    ['deepseek-v3', 'none'],
    ['t5-base', 'none'],
    ['bert-base-uncased', 'none'],
    ['mixtral-8x7b', 'h100-sxm x2'],
    ['llama-2-7b', 'rtx-4090'],
  ] as const)(
    '%s compiles, and nothing is wider than the text (no overfull box over 1 pt), GPUs: %s',
    (name, gpu) => {
      const preset = findPreset(name)!;
      const report = deriveModel({
        config: preset.config,
        source: preset.repository,
        title: `${name} (${preset.repository})`,
      });
      const dir = mkdtempSync(join(tmpdir(), 'tparams-latex-'));
      writeFileSync(
        join(dir, 'doc.tex'),
        renderDocument(report, {
          format: 'tex',
          lang: 'en',
          figures: gpu === 'none' ? {} : { gpu: parseGpu(gpu) },
        }),
      );
      execFileSync(pdflatex!, ['-interaction=nonstopmode', '-halt-on-error', 'doc.tex'], {
        cwd: dir,
        stdio: 'pipe',
        timeout: 60_000,
      });
      expect(existsSync(join(dir, 'doc.pdf'))).toBe(true);
      const log = readFileSync(join(dir, 'doc.log'), 'latin1');
      const overfull = [...log.matchAll(/Overfull \\hbox \(([\d.]+)pt too wide\)[^\n]*/g)]
        .filter((m) => Number(m[1]) > 1)
        .map((m) => m[0]);
      expect(overfull).toEqual([]);
    },
    90_000,
  );
});
