import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { documentFormats } from '../../src/documents/formats/registry.js';
import { findPreset } from '../../src/models/presets.js';
import { deriveModel } from '../../src/requests/derive-model.js';
import { documentFile } from '../../src/web/downloads.js';

/** Each format's registered media type: RFC 7763 (Markdown), IANA's list (HTML), TeX's usual type. */
const mediaTypes: Record<string, string> = {
  md: 'text/markdown;charset=utf-8',
  tex: 'application/x-tex;charset=utf-8',
  html: 'text/html;charset=utf-8',
};

describe('the web page downloads', () => {
  beforeAll(() => {
    // The page's HTML document inlines KaTeX's stylesheet and fonts, fetched from beside the page.
    const katexDir = dirname(createRequire(import.meta.url).resolve('katex/dist/katex.min.css'));
    vi.stubGlobal('document', { baseURI: 'http://page.test/' });
    vi.stubGlobal('fetch', async (url: URL) => {
      const path = url.pathname.replace(/^\/katex\//, '');
      const file = join(katexDir, path === 'katex.css' ? 'katex.min.css' : path);
      return new Response(readFileSync(file));
    });
  });
  afterAll(() => vi.unstubAllGlobals());

  it.each(documentFormats.map((f) => [f.name]))(
    'saves %s under its extension and media type',
    async (name) => {
      const report = gpt2Report();
      const file = await documentFile(report, name, 'en', {});
      expect(file.name).toBe(`gpt2.${name}`);
      expect(file.type).toBe(mediaTypes[name]);
      expect(file.text.length).toBeGreaterThan(1000);
    },
  );

  it('knows the media type of every document format', () => {
    expect(Object.keys(mediaTypes)).toEqual(documentFormats.map((f) => f.name));
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
