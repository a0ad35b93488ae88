/**
 * The default printed names of a symbol, from its name alone: the rule every row of the symbol table
 * follows unless it says otherwise, and the printers' fallback for a name the table does not know.
 */

/** TeX from the name: `d_model` → `d_{\text{model}}`, `n_h` → `n_{h}`, `V` → `V`. */
export function defaultSymbolTex(name: string): string {
  const underscore = name.indexOf('_');
  // A name that starts with `_` (`__proto__`) has no base to put a subscript on: it is set whole.
  if (underscore === 0) return `\\mathrm{${escapeText(name)}}`;
  const base = underscore < 0 ? name : name.slice(0, underscore);
  const subscript = underscore < 0 ? '' : name.slice(underscore + 1);
  const baseTex = base.length <= 1 ? base : `\\mathrm{${escapeText(base)}}`;
  if (!subscript) return baseTex;
  const subTex = subscript.length === 1 ? subscript : `\\text{${escapeText(subscript)}}`;
  return `${baseTex}_{${subTex}}`;
}

function escapeText(s: string): string {
  return s.replace(/[\\{}_^#$%&~]/g, (c) => (c === '\\' ? '\\textbackslash{}' : `\\${c}`));
}

/** Plain text from the name: the name itself (`d_model`). */
export function defaultSymbolText(name: string): string {
  return name;
}
