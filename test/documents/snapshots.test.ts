import { describe, expect, it } from 'vitest';
import { renderDocument } from '../../src/documents/render-document.js';
import { findPreset } from '../../src/models/presets.js';
import { deriveModel } from '../../src/requests/derive-model.js';

// Reviewed by eye when first written; a change to them is a change to what readers get.
// Update deliberately with `npx vitest run -u` and read the diff.
describe.each([
  ['bert-base-uncased', 'BertModel'],
  ['gpt2', 'GPT2LMHeadModel'],
])('%s documents', (name, className) => {
  const preset = findPreset(name)!;
  const report = deriveModel({
    config: preset.config,
    source: preset.repository,
    className,
    title: `${name} (${preset.repository})`,
  });

  it.each(['md', 'tex'] as const)('%s', async (format) => {
    await expect(renderDocument(report, { format, lang: 'en' })).toMatchFileSnapshot(
      `__snapshots__/${name}.${format === 'md' ? 'md' : 'tex'}`,
    );
  });
});
