/**
 * Every escaping of a user's words (a spec's names, keys and meanings, a config's path) for every
 * output format, in one place. Each function makes text inert in its format: it shows as the same
 * characters and can never become markup, math or a link. (JSON needs none: JSON.stringify.)
 */

/** HTML text and attribute values (also SVG). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const markdownSpecials: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Markdown text (CommonMark and GitHub's tables): HTML can not start (`<`, `&` become entities),
 * punctuation that makes code, math, links, emphasis or table cells is backslash-escaped, and a
 * line break becomes a space, so a name never leaves its heading, paragraph or cell.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/[\\`*_[\]|$#!~]/g, (c) => `\\${c}`)
    .replace(/[&<>]/g, (c) => markdownSpecials[c]!);
}

/**
 * A Markdown code span holding any text: the fence is longer than any run of backticks inside,
 * `|` is escaped for table cells (GitHub reads `\|` there), and line breaks become spaces.
 */
export function markdownCode(text: string): string {
  const flat = text.replace(/\r\n|\r|\n/g, ' ').replace(/\|/g, '\\|');
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

const latexSpecials: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  $: '\\$',
  '&': '\\&',
  '#': '\\#',
  '^': '\\^{}',
  _: '\\_\\allowbreak{}',
  '%': '\\%',
  '~': '\\~{}',
  '·': '$\\cdot$',
  '×': '$\\times$',
  '−': '$-$',
  '≠': '$\\neq$',
  '≥': '$\\geq$',
  '≤': '$\\leq$',
  γ: '$\\gamma$',
  β: '$\\beta$',
  '²': '\\textsuperscript{2}',
  '³': '\\textsuperscript{3}',
  '—': '---',
  '–': '--',
  '→': '$\\to$',
  '…': '\\dots{}',
  '≈': '$\\approx$',
  '<': '\\textless{}',
  '>': '\\textgreater{}',
  '|': '\\textbar{}',
  '"': "''",
};

/**
 * LaTeX text: TeX's specials escaped, and the few math symbols our names use set so pdfLaTeX reads
 * them too. A line may break after an underscore, so long identifiers (`post_attention_layernorm`)
 * fit a column. Control characters are dropped.
 */
export function escapeLatex(text: string): string {
  return text
    .replace(/\p{Cc}/gu, ' ')
    .replace(/[\\{}$&#^_%~·×−≠≥≤γβ²³—–→…≈<>|"]/g, (c) => latexSpecials[c] ?? c);
}

// Beyond TeX's specials, what Markdown would read inside `$$ … $$` (renderers that do not know math
// see it as text): `<` and `>` could open HTML, `[`/`]` a link, a backtick a code span, `|` a cell.
const textModeSpecials: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  $: '\\$',
  '&': '\\&',
  '#': '\\#',
  '^': '\\textasciicircum{}',
  _: '\\_',
  '%': '\\%',
  '~': '\\textasciitilde{}',
  '<': '\\textless{}',
  '>': '\\textgreater{}',
  '|': '\\textbar{}',
  '[': '{[}',
  ']': '{]}',
  '`': "'",
};

/**
 * The characters KaTeX sets inside `\text{…}` in strict mode: printable ASCII, Latin letters with
 * accents, Cyrillic, CJK, kana, Hangul, and a few dashes and quotes. Others (emoji, Greek, symbols)
 * it refuses, and a label is better with a `?` than not at all.
 */
const textModeCharacter =
  /[\x20-\x7e\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0400-\u04ff\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u3000-\u30ff\u4e00-\u9faf\uac00-\ud7af\uff01-\uff60]/u;

/**
 * Text inside math, `\text{…}`, for KaTeX (strict) and LaTeX alike: TeX's specials escaped,
 * controls and format marks (bidi overrides) dropped, and characters KaTeX cannot set shown as `?`.
 */
export function texText(text: string): string {
  // Most labels are printable ASCII, which is all settable: no walk by character.
  const settable = /^[\x20-\x7e]*$/.test(text)
    ? text
    : [...text.replace(/\p{C}/gu, '')].map((c) => (textModeCharacter.test(c) ? c : '?')).join('');
  return `\\text{${settable.replace(/[\\{}$&#^_%~<>|[\]`]/g, (c) => textModeSpecials[c]!)}}`;
}

/**
 * Text for a terminal line: every control character (C0, DEL, C1 — ESC starts colour codes and
 * cursor moves, a carriage return overwrites the line) is shown as its escape (`\r`, `\u001b`), so
 * a name read from a file prints as itself and can never forge or repaint a line.
 */
export function escapeTerminal(text: string): string {
  return text.replace(/\p{Cc}/gu, (c) => {
    const json = JSON.stringify(c).slice(1, -1);
    return json !== c ? json : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
