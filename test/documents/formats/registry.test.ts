import { describe, expect, it } from 'vitest';
import {
  documentFormats,
  documentSyntax,
  formatsTaking,
  outputFormat,
  outputFormats,
} from '../../../src/documents/formats/registry.js';
import { renderDocument } from '../../../src/documents/render-document.js';
import { findPreset } from '../../../src/models/presets.js';
import { deriveModel } from '../../../src/requests/derive-model.js';
import { hfCases } from '../../support/models.js';

// GPT-2's published total (test/fixtures/hf-models.json), grouped as every document writes it.
const gpt2 = hfCases.find(
  (c) => c.name === 'openai-community/gpt2' && c.hf_class === 'GPT2LMHeadModel',
)!;
const total = gpt2.total_params.toLocaleString('en-US');

/** What opens each kind of file, by its format's own rules (CommonMark, LaTeX, HTML). */
const opening: Record<string, RegExp> = {
  md: /^# /,
  tex: /^\\documentclass/,
  html: /^<!DOCTYPE html>/i,
};

describe('the output format registry', () => {
  it('names each format once, with an extension and a media type', () => {
    const names = outputFormats.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    for (const f of outputFormats) {
      expect(f.extension).toMatch(/^[a-z]+$/);
      expect(f.mimeType).toMatch(/^[a-z]+\/[a-z.+-]+$/);
    }
  });

  it.each(documentFormats.map((f) => [f.name]))(
    '%s renders a document for a preset from its own templates',
    (name) => {
      const report = gpt2Report();
      const document = renderDocument(report, { format: name });
      expect(document).toMatch(opening[name]!);
      expect(document).toContain(total);
    },
  );

  it('has a rule for the opening of every document format (none left untested)', () => {
    expect(Object.keys(opening)).toEqual(documentFormats.map((f) => f.name));
  });

  it('lists the formats that take each option, as the CLI says them', () => {
    expect(formatsTaking('fragment').map((f) => f.name)).toEqual(['tex']);
    expect(formatsTaking('template').map((f) => f.name)).toEqual(['md', 'tex', 'html']);
    expect(formatsTaking('mathml').map((f) => f.name)).toEqual(['html', 'katex']);
  });

  it('finds a record by name, and refuses a document format it does not have', () => {
    expect(outputFormat('tex').extension).toBe('tex');
    expect(() => documentSyntax('katex')).toThrowError(
      'format = "katex": expected md, tex or html',
    );
  });
});

/** GPT-2 from its preset, titled as the CLI titles a preset. */
function gpt2Report() {
  const preset = findPreset('gpt2')!;
  return deriveModel({
    config: preset.config,
    source: preset.repository,
    className: 'GPT2LMHeadModel',
    title: `gpt2 (${preset.repository})`,
  });
}
