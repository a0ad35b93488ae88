import { renderKatex, type KatexOutput } from './katex.js';

/**
 * A derivation's `aligned` body (`P &= … \\ &= … \\ &\quad + …`) set cell by cell, each cell a
 * formula of its own in a grid of two columns that meet at the `&`, as KaTeX's `aligned` lays
 * them out. KaTeX sets a whole `aligned` again whenever one of its rows changes; cell by cell, a
 * cell already set is taken from renderKatex's memo: in one document the rows that several
 * derivations share (a model's total repeats its parts' expansions) are set once, and when the
 * web page makes a document again after a size changed, only the rows with numbers are set again.
 *
 * The grid's styles are inline, so the markup needs no stylesheet but KaTeX's (a fragment pasted
 * into a page). Each cell is its own `<math>`, read in row order by a screen reader.
 */
export function katexAligned(body: string, output: KatexOutput): string {
  const rows = alignedRows(body);
  if (!rows)
    return renderKatex(`\\begin{aligned}\n${body}\n\\end{aligned}`, { displayMode: true, output });
  let cells = '';
  // As KaTeX's `aligned` does, an empty group before each right cell makes its leading `=` or
  // `+` a relation or an operator, spaced as one.
  for (const [left, right] of rows)
    cells +=
      `<span style="${leftCell}">${left ? cell(left, output) : ''}</span>` +
      `<span style="${rightCell}">${cell(`{}${right}`, output)}</span>`;
  const table = `<span class="tparams-aligned" style="${grid}">${cells}</span>`;
  return `<span class="katex-display">${table}</span>`;
}

/**
 * The grid and its cells. A row is as tall as its formula (no line height of the page's own adds
 * to it) plus a gap below, as KaTeX's `aligned` adds a jot: 0.3em of the text comes within a
 * fraction of a pixel of KaTeX's row spacing in Chromium (checked on DeepSeek-V3's derivations).
 */
const grid = 'display:inline-grid;grid-template-columns:max-content max-content;text-align:left';
const rightCell = 'white-space:nowrap;line-height:0;padding-bottom:0.3em';
const leftCell = `${rightCell};text-align:right`;

function cell(tex: string, output: KatexOutput): string {
  return renderKatex(`\\displaystyle ${tex}`, { displayMode: false, output });
}

/**
 * The rows of an aligned body as their left and right cells, or undefined when the body is not
 * the one shape this lays out (rows of two cells, split at one `&`).
 */
export function alignedRows(body: string): [left: string, right: string][] | undefined {
  const rows: [string, string][] = [];
  for (const row of body.split(' \\\\\n')) {
    const at = alignmentPoint(row);
    if (at < 0 || alignmentPoint(row, at + 1) >= 0 || row.includes('\\\\')) return undefined;
    rows.push([row.slice(0, at).trim(), row.slice(at + 1)]);
  }
  return rows;
}

/** The index of the first `&` at or after `from` that is no escaped `\&`, or -1. */
function alignmentPoint(row: string, from = 0): number {
  for (let i = row.indexOf('&', from); i >= 0; i = row.indexOf('&', i + 1)) {
    let backslashes = 0;
    while (row[i - 1 - backslashes] === '\\') backslashes++;
    if (backslashes % 2 === 0) return i;
  }
  return -1;
}
