import { describe, expect, it } from 'vitest';
import enJson from '../../templates/locales/en.json' with { type: 'json' };
import zhJson from '../../templates/locales/zh.json' with { type: 'json' };
import { allPresets } from '../../src/models/presets.js';
import { deriveModel } from '../../src/requests/derive-model.js';
import { deriveTarget } from '../../src/report/derive-target.js';
import { targets } from '../../src/targets/registry.js';
import { documentData } from '../../src/documents/document-data.js';
import { markdownMath } from '../../src/documents/math-renderers.js';
import { loadLocale, partName, symbolMeaning } from '../../src/i18n/locale.js';
import { symbolTable } from '../../src/symbols/table.js';
import type { Report } from '../../src/report/report.js';

/** Every key path of a locale file (`headings.symbols`, `web.copyMathml`, …). */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([key, inner]) =>
    keyPaths(inner, prefix ? `${prefix}.${key}` : key),
  );
}

const en = loadLocale('en');
const zh = loadLocale('zh');

/**
 * A name a Chinese reader sees as it is, because it is code, not prose: a class (`BertModel`), a
 * PyTorch attribute (`embedding_hidden_mapping_in`) or the module's own key.
 */
const isIdentifier = (name: string, key?: string) =>
  name === key || (/^[A-Za-z_][\w.]*$/.test(name) && !/^[a-z]+$/.test(name));

describe('locales', () => {
  it('every key of en.json exists in zh.json', () => {
    const zhKeys = new Set(keyPaths(zhJson));
    expect(keyPaths(enJson).filter((key) => !zhKeys.has(key))).toEqual([]);
  });

  it('zh.json has no key en.json lacks, but in the maps English leaves empty (symbols, parts)', () => {
    const enKeys = new Set(keyPaths(enJson));
    const open = /^(symbols|parts)\./;
    expect(keyPaths(zhJson).filter((key) => !enKeys.has(key) && !open.test(key))).toEqual([]);
  });

  it('every value of en.json is a string, so each key is one sentence or word', () => {
    const leaves = (v: unknown): unknown[] =>
      typeof v === 'object' && v !== null ? Object.values(v).flatMap(leaves) : [v];
    expect(leaves(enJson).filter((v) => typeof v !== 'string')).toEqual([]);
  });

  it('each sentence of zh.json has the placeholders of its English one', () => {
    const at = (root: unknown, path: string) =>
      path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], root);
    const placeholders = (v: unknown) =>
      [...String(v).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const differing = keyPaths(enJson).filter(
      (key) => placeholders(at(enJson, key)).join() !== placeholders(at(zhJson, key)).join(),
    );
    expect(differing).toEqual([]);
  });

  // A caption that says "2 bytes" itself stays 2 bytes when the figure is fp32: widths and byte
  // counts are placeholders, filled from the data type tables the derivations use.
  it.each([
    ['en', enJson],
    ['zh', zhJson],
  ])(
    '%s: the figures and the memory report state no width, byte count or ratio of their own',
    (_lang, words) => {
      const leaves = (v: unknown): string[] =>
        typeof v === 'object' && v !== null ? Object.values(v).flatMap(leaves) : [String(v)];
      const stated = [...leaves(words.figures), ...leaves(words.memory)].filter((v) =>
        /\d\s*(-bit|bits?\b|bytes?\b|位|字节|tokens? per|个 token)/.test(v),
      );
      expect(stated).toEqual([]);
    },
  );

  it('every symbol of the symbol table has a Chinese meaning', () => {
    expect(
      symbolTable.filter((s) => !Object.hasOwn(zh.symbols, s.name)).map((s) => s.name),
    ).toEqual([]);
  });

  it('a tagged symbol means its base symbol with its tag, in each language', () => {
    expect(symbolMeaning('d_model_enc', en, '')).toBe('hidden size (model width) (encoder)');
    expect(symbolMeaning('d_model_enc', zh, '')).toBe('隐藏维度（模型宽度）（编码器）');
  });

  it('a part name with placeholders translates every sentence of that shape, and a prototype key is just a name', () => {
    const albert =
      'L = 24 layers run through n_groups = 2 group(s) of n_inner = 3 layer(s): only those are stored, so L does not appear in the count';
    expect(partName(albert, zh)).toBe(
      'L = 24 层依次经过 n_groups = 2 个层组，每组 n_inner = 3 层：只存储这些层，所以计数中不出现 L',
    );
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(partName(name, zh)).toBe(name);
      expect(symbolMeaning(name, zh, 'fallback')).toBe('fallback');
    }
  });

  it('a Chinese document of every preset and every component translates every symbol meaning, part name, note and what the total leaves out', () => {
    const reports: Array<[string, Report]> = [
      ...allPresets().map((p): [string, Report] => [
        p.name,
        deriveModel({ config: p.config, source: p.repository }),
      ]),
      ...targets.map((t): [string, Report] => [t.id, deriveTarget(t.id)]),
    ];
    const untranslated = new Set<string>();
    for (const [id, report] of reports) {
      const inZh = documentData(report, zh, markdownMath);
      const inEn = documentData(report, en, markdownMath);
      const same = (a: string | undefined, b: string | undefined) =>
        a !== undefined && a === b && /[a-z]{3}/.test(a);
      inZh.symbols.forEach((s, i) => {
        if (same(s.meaning, inEn.symbols[i]!.meaning))
          untranslated.add(`${id}: symbol ${s.name}: ${s.meaning}`);
      });
      inZh.summary.forEach((row, i) => {
        if (same(row.name, inEn.summary[i]!.name) && !isIdentifier(row.name, row.key))
          untranslated.add(`${id}: part ${row.name}`);
        if (same(row.note, inEn.summary[i]!.note)) untranslated.add(`${id}: note ${row.note}`);
      });
      inZh.sections.forEach((section, i) => {
        const english = inEn.sections[i]!;
        if (same(section.name, english.name) && !isIdentifier(section.name, section.key))
          untranslated.add(`${id}: section ${section.name}`);
        if (same(section.note, english.note)) untranslated.add(`${id}: note ${section.note}`);
        section.zeros.forEach((zero, j) => {
          if (same(zero.reason, english.zeros[j]!.reason))
            untranslated.add(`${id}: zero ${zero.reason}`);
        });
      });
      inZh.leftOut.forEach((left, i) => {
        if (same(left.name, inEn.leftOut[i]!.name))
          untranslated.add(`${id}: left out ${left.name}`);
        if (same(left.reason, inEn.leftOut[i]!.reason))
          untranslated.add(`${id}: left out because ${left.reason}`);
      });
    }
    expect([...untranslated]).toEqual([]);
  });
});
