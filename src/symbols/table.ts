import type { SymbolOrder } from '../expr/polynomial.js';
import { defaultSymbolTex, defaultSymbolText } from '../render/symbol-naming.js';
import { countAndTableRows } from './rows/counts-and-tables.js';
import { widthAndHeadRows } from './rows/widths-and-heads.js';
import { parallelRows } from './rows/parallel-sizes.js';
import { cacheEngineRows } from './rows/cache-engines.js';
import type { SymbolClass, SymbolRow } from './symbol-row.js';

export type { SymbolClass } from './symbol-row.js';

/** What the project knows about a size symbol: how to print it and what it means. */
export interface SymbolInfo extends SymbolRow {
  readonly tex: string;
  readonly text: string;
}

/** A row with its printed forms: its own where it has them, the default naming's otherwise. */
function withPrintedForms(row: SymbolRow): SymbolInfo {
  // Keys in the order the table always had, for anyone who prints a row whole.
  return {
    name: row.name,
    class: row.class,
    tex: row.tex ?? defaultSymbolTex(row.name),
    text: row.text ?? defaultSymbolText(row.name),
    meaning: row.meaning,
    fields: row.fields,
  };
}

/**
 * The size symbols, in the order closed forms write them, class by class: counts first (`12·L·d²`,
 * as the literature writes it), then table rows (`V·d_model`: rows × width, as the embedding is
 * declared), then widths, then the head layout (`d_model·n_h·d_h`). Order here is presentation, not math.
 */
export const symbolTable: readonly SymbolInfo[] = [
  ...countAndTableRows,
  ...cacheEngineRows,
  ...widthAndHeadRows,
  ...parallelRows,
].map(withPrintedForms);

const byName = new Map(symbolTable.map((s) => [s.name, s]));
const rank = new Map(symbolTable.map((s, i) => [s.name, i]));

/**
 * Tags that put one model's symbols beside another's (an EncoderDecoderModel's two stacks, a
 * tower read from a header beside its language model): `d_model_enc` is the encoder's `d_model`,
 * written `d_model` with the tag as a superscript.
 */
export const symbolTags: Readonly<Record<string, string>> = {
  enc: 'encoder',
  dec: 'decoder',
  vis: 'vision tower',
  aud: 'audio tower',
};

/** The base symbol and tag of a tagged name that the table does not list itself. */
export function untag(name: string): { base: SymbolInfo; tag: string } | undefined {
  if (byName.has(name)) return undefined;
  const cut = name.lastIndexOf('_');
  const tag = name.slice(cut + 1);
  const base =
    cut > 0 && Object.hasOwn(symbolTags, tag) ? byName.get(name.slice(0, cut)) : undefined;
  return base ? { base, tag } : undefined;
}

/** The symbols of one class, in table order, each followed by its tagged forms (`d_model`, `d_model_enc`, `d_model_dec`). */
export function symbolsOfClass(symbolClass: SymbolClass): string[] {
  // The table is constant: each class is listed once (the rules ask again for every figure).
  let names = classLists.get(symbolClass);
  if (names === undefined) {
    names = symbolTable
      .filter((s) => s.class === symbolClass)
      .flatMap((s) => [s.name, ...Object.keys(symbolTags).map((t) => `${s.name}_${t}`)]);
    classLists.set(symbolClass, names);
  }
  return [...names];
}

const classLists = new Map<SymbolClass, readonly string[]>();

/** The table entry of a symbol, or of the base of a tagged one (`d_model_enc`: the encoder's width). */
export function symbolInfo(name: string): SymbolInfo | undefined {
  const direct = byName.get(name);
  if (direct) return direct;
  const tagged = untag(name);
  if (!tagged) return undefined;
  const { base, tag } = tagged;
  return {
    ...base,
    name,
    tex: `${base.tex}^{\\text{${tag}}}`,
    text: name,
    meaning: `${base.meaning} (${symbolTags[tag]})`,
  };
}

/** Table order first (a tagged symbol right after its base), then any other symbol alphabetically. */
export const tableOrder: SymbolOrder = (a, b) => {
  const ra = rankOf(a);
  const rb = rankOf(b);
  if (ra !== rb) return ra - rb;
  return a < b ? -1 : a > b ? 1 : 0;
};

function rankOf(name: string): number {
  const direct = rank.get(name);
  if (direct !== undefined) return direct;
  const tagged = untag(name);
  return tagged ? rank.get(tagged.base.name)! + 0.5 : Number.MAX_SAFE_INTEGER;
}

/** TeX of a symbol from the table (undefined lets the printer fall back to its default naming). */
export const tableTex = (name: string): string | undefined => symbolInfo(name)?.tex;

/** Plain text of a symbol from the table. */
export const tableText = (name: string): string | undefined => symbolInfo(name)?.text;
