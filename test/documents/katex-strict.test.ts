import { describe, expect, it } from 'vitest';
import { documentData } from '../../src/documents/document-data.js';
import { renderKatex } from '../../src/render/katex.js';
import type { MathRenderer } from '../../src/documents/math-renderers.js';
import { loadLocale } from '../../src/i18n/locale.js';
import { allPresets } from '../../src/models/presets.js';
import { deriveTarget } from '../../src/report/derive-target.js';
import { readFileSync } from 'node:fs';
import { specFromJson } from '../../src/models/spec/spec-file.js';
import { deriveModel, modelReport } from '../../src/requests/derive-model.js';
import type { Report } from '../../src/report/report.js';
import { targets } from '../../src/targets/registry.js';
import { parseGpu } from '../../src/hardware/gpu-table.js';
import { peftDefaultTargets } from '../../src/analysis/lora-defaults.js';
import type { FigureOptions } from '../../src/requests/model-figures.js';

/** A math renderer that only records what a document would typeset. */
function recorder(into: Set<string>): MathRenderer {
  const collected = (tex: string) => {
    into.add(tex);
    return '';
  };
  return {
    display: (tex) => collected(tex),
    inline: (tex) => collected(tex),
    derivation: (body) => collected(`\\begin{aligned}\n${body}\n\\end{aligned}`),
  };
}

/** Every formula a document of the report emits, in both languages, rendered by KaTeX in strict mode. */
function expectAllRender(report: Report, figureOptions: FigureOptions = {}) {
  const formulas = new Set<string>();
  for (const lang of ['en', 'zh']) {
    const data = documentData(report, loadLocale(lang), recorder(formulas), figureOptions);
    for (const s of data.sections) formulas.add(`\\begin{aligned}${s.alignedTex}\\end{aligned}`);
    for (const r of data.summary) formulas.add(r.formula.tex);
    for (const s of data.symbols) formulas.add(s.tex);
    if (data.active) formulas.add(`\\begin{aligned}${data.active.alignedTex}\\end{aligned}`);
    // Memory, compute and sizing: each a derivation or a roofline's chain of bounds.
    const rows = [
      ...(data.figures?.memory ?? []),
      ...(data.figures?.compute ?? []),
      ...(data.sizing?.fineTuning ?? []),
      ...(data.sizing?.speed ?? []),
    ];
    for (const f of rows) formulas.add(`\\begin{aligned}${f.alignedTex}\\end{aligned}`);
    for (const a of data.approximations)
      formulas.add(a.value ? `${a.tex} = ${a.value.tex}` : a.tex);
  }
  expect(formulas.size).toBeGreaterThan(0);
  for (const tex of formulas) {
    expect(() => renderKatex(tex, { displayMode: true }), tex).not.toThrow();
  }
}

describe('every emitted formula renders with KaTeX in strict mode', () => {
  it.each(targets.map((t) => [t.id] as const))('%s, symbolic', (id) => {
    expectAllRender(deriveTarget(id, []));
  });

  it.each(targets.map((t) => [t.id] as const))('%s, with PyTorch-sized values', (id) => {
    const target = targets.find((t) => t.id === id)!;
    const settings = target.parameters
      .filter((p) => p.kind === 'size')
      .map(
        (p) => [p.name, p.name.includes('head') && !p.name.includes('dim') ? '8' : '512'] as const,
      );
    expectAllRender(deriveTarget(id, settings));
  });

  it.each(allPresets().map((p) => [p.name, p] as const))('preset %s', (_name, preset) => {
    expectAllRender(deriveModel({ config: preset.config, source: preset.repository }));
  });

  // The roofline's bounds: on a GPU with a bf16 peak, and on one the table has none for (fp8 on an A100).
  it.each(allPresets().map((p) => [p.name, p] as const))('preset %s on GPUs', (_name, preset) => {
    const report = deriveModel({ config: preset.config, source: preset.repository });
    expectAllRender(report, { gpu: parseGpu('h100-sxm'), engine: 'vllm' });
    // A rank asked for needs targets where PEFT has no default for the model_type.
    const targets = peftDefaultTargets[report.model!.modelType]
      ? {}
      : { targetModules: { kind: 'all-linear' } as const };
    expectAllRender(report, {
      gpu: parseGpu('a100-80gb'),
      dtype: 'fp8',
      lora: { rank: 64n, ...targets },
    });
  });

  // Module keys of a spec file are the user's words: `embed_tokens`, `a&b`, `x^2` set as text, not TeX.
  it('a spec file whose keys hold TeX specials', () => {
    const spec = JSON.parse(
      readFileSync(new URL('../fixtures/specs/llama-2-7b.spec.json', import.meta.url), 'utf8'),
    );
    expectAllRender(
      modelReport(specFromJson(spec, 'llama-2-7b.spec.json'), spec.name, {
        modelType: 'spec',
        className: spec.name,
        source: 'spec',
      }),
    );
    const hostile = {
      name: 'x',
      sizes: { d: 8 },
      modules: [
        { kind: 'linear', key: 'a&b_c^2%{}#$~\\', in: 'd', out: 'd' },
        { kind: 'norm', key: 'n_1', type: 'layernorm', dim: 'd' },
      ],
    };
    expectAllRender(
      modelReport(specFromJson(hostile, 'hostile'), 'x', {
        modelType: 'spec',
        className: 'x',
        source: 'spec',
      }),
    );
  });
});
