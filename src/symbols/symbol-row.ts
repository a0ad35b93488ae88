/**
 * The kinds of size symbol: how many copies (`L`, `E`), how many rows of a table (`V`, `P`), how wide a
 * layer is (`d_model`, `d_ff`), and the shape of the heads (`n_h`, `d_h`).
 */
export type SymbolClass = 'count' | 'vocabulary' | 'width' | 'head';

/**
 * One row of the symbol table as written: the printed forms only where the default naming from the
 * name (`src/render/symbol-naming.ts`: `d_model` → `d_{\text{model}}`, `d_model`) is wrong for it.
 */
export interface SymbolRow {
  readonly name: string;
  /** What kind of size it is; closed forms order and group symbols by class (`src/derive/notation-rules.ts`). */
  readonly class: SymbolClass;
  /** TeX where the default is wrong: `d_vh` is MLA's value head width, written `d_{\text{v}}`. */
  readonly tex?: string;
  /** Plain text where the default (the name itself) is wrong: `h_t` reads `d_model/t`. */
  readonly text?: string;
  readonly meaning: string;
  /** Config fields or constructor arguments this symbol is read from, most common first. */
  readonly fields: readonly string[];
}
