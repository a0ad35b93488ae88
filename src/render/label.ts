import type { Label, Subscript } from '../expr/nodes.js';
import { texText } from './escape.js';

/** Bases that TeX writes as a command: the Greek letters labels use (a norm's scale γ, shift β). */
const texBases: Readonly<Record<string, string>> = { γ: '\\gamma', β: '\\beta' };

/**
 * The one rule for a subscript in TeX: a letter or digit stays italic math (`W_{Q}`), a word is set
 * upright in `\text{…}` with TeX's specials escaped, so a spec file's `embed_tokens` prints as
 * `\text{embed\_tokens}`, never as TeX code. A subscript's own `upright` overrides the rule.
 */
function texSubscript(s: Subscript): string {
  const upright = s.upright ?? !(s.name.length === 1 && /[A-Za-z0-9]/.test(s.name));
  return upright ? texText(s.name) : s.name;
}

/** A label as TeX math: `P_{\text{attn}}`, `\gamma_{\text{LN}}`, `P_{\text{tr},\text{dense}}`. */
export function labelTex(l: Label): string {
  const base = texBases[l.base] ?? l.base;
  if (l.subscripts.length === 0) return base;
  return `${base}_{${l.subscripts.map(texSubscript).join(',')}}`;
}

/**
 * A label as one Unicode token for terminals: `P_attn`, `γ_LN`, `P_tr,dense`; a space inside a
 * subscript becomes `_` (`P_enc_layers`), so a label never reads as two words.
 */
export function labelText(l: Label): string {
  if (l.subscripts.length === 0) return l.base;
  return `${l.base}_${l.subscripts.map((s) => s.name.replace(/ /g, '_')).join(',')}`;
}

/** A label in both forms, as JSON and document data carry it: `{ tex, text }`. */
export function labelForms(l: Label): { tex: string; text: string } {
  return { tex: labelTex(l), text: labelText(l) };
}
