import { describe, expect, it } from 'vitest';
import { defaultSymbolTex, defaultSymbolText } from '../../src/render/symbol-naming.js';
import { countAndTableRows } from '../../src/symbols/rows/counts-and-tables.js';
import { parallelRows } from '../../src/symbols/rows/parallel-sizes.js';
import { widthAndHeadRows } from '../../src/symbols/rows/widths-and-heads.js';
import { cacheEngineRows } from '../../src/symbols/rows/cache-engines.js';
import { symbolInfo, symbolTable } from '../../src/symbols/table.js';

const rows = [...countAndTableRows, ...cacheEngineRows, ...widthAndHeadRows, ...parallelRows];

describe('symbol table: printed forms by rule, overrides only where the rule is wrong', () => {
  it.each(rows.filter((r) => r.tex !== undefined).map((r) => [r.name, r.tex!]))(
    '%s: its TeX override differs from the default',
    (name, tex) => {
      expect(tex).not.toBe(defaultSymbolTex(name));
    },
  );

  it.each(rows.filter((r) => r.text !== undefined).map((r) => [r.name, r.text!]))(
    '%s: its text override differs from the default',
    (name, text) => {
      expect(text).not.toBe(defaultSymbolText(name));
    },
  );

  // How the documents write them (test/documents/__snapshots__): the rule and the four overrides.
  it.each([
    ['L', 'L', 'L'],
    ['d_model', 'd_{\\text{model}}', 'd_model'],
    ['n_h', 'n_{h}', 'n_h'],
    ['k_top', 'k_{\\text{top}}', 'k_top'],
    ['d_vh', 'd_{\\text{v}}', 'd_vh'],
    ['d_ff_dec', 'd_{\\text{ff,dec}}', 'd_ff_dec'],
    ['h_t', 'd_{\\text{model}}/t', 'd_model/t'],
    ['n_ht', 'n_{h}/t', 'n_h/t'],
    ['d_model_enc', 'd_{\\text{model}}^{\\text{enc}}', 'd_model_enc'],
  ])('%s prints as %s and %s', (name, tex, text) => {
    expect(symbolInfo(name)).toMatchObject({ tex, text });
  });

  it('lists every row once, in the order of its files', () => {
    expect(symbolTable.map((s) => s.name)).toEqual(rows.map((r) => r.name));
    expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
  });
});
