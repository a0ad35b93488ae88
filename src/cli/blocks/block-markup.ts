import { katexMath, markdownMath, type MathRenderer } from '../../documents/math-renderers.js';
import { escapeHtml } from '../../render/escape.js';
import { loadLocale } from '../../i18n/locale.js';
import { alignedTex, tex } from '../../printers/notation.js';
import { labelTex } from '../../render/label.js';
import type { KatexOutput } from '../../render/katex.js';
import { num } from '../../expr/nodes.js';
import type { BlockContent, BlockFigure } from './block-content.js';
import type { Show } from './block-command.js';

/** What a block becomes: HTML typeset by KaTeX, or Markdown math (`$$ … $$`) and tables. */
export type BlockFormat = 'html' | 'md';

export interface MarkupOptions {
  readonly format: BlockFormat;
  readonly lang: string;
  /** KaTeX's output for HTML: HTML and MathML (needs KaTeX's CSS), or MathML alone. */
  readonly katexOutput?: KatexOutput;
}

/** The parts of a block `--show` names, in the order `all` shows them. */
const parts: Record<Show, ReadonlyArray<'derivation' | 'total' | 'breakdown' | 'figures'>> = {
  derivation: ['derivation'],
  total: ['total'],
  breakdown: ['breakdown'],
  figures: ['figures'],
  all: ['derivation', 'breakdown', 'figures'],
};

/** A block's content as the note's markup, showing what `--show` asks for. */
export function blockMarkup(content: BlockContent, show: Show, o: MarkupOptions): string {
  const math = o.format === 'html' ? katexMath(o.katexOutput) : markdownMath;
  const t = loadLocale(o.lang);
  const table = o.format === 'html' ? htmlTable : markdownTable;
  const pieces = parts[show].flatMap((part): string[] => {
    if (part === 'derivation')
      return content.derivations.length
        ? content.derivations.map((d) => math.derivation(alignedTex(d)))
        : [table([t.columns.symbol, t.columns.value], figureCells(content.figures, math))];
    if (part === 'total') {
      const total = content.total;
      return total?.value === undefined
        ? []
        : [math.display(`${labelTex(total.label)} = ${tex(num(total.value))}`)];
    }
    if (part === 'breakdown') {
      if (!content.breakdown) return [];
      const cells = content.breakdown.map((row) => [
        `${'\u2003'.repeat(row.depth)}${row.key}${row.copies ? ` ×${row.copies.text}` : ''}`,
        row.note ? '0' : { markup: math.inline(row.formula.tex) },
        row.total?.text ?? '',
        row.share ?? '',
      ]);
      const c = t.columns;
      return [table([c.component, c.formula, c.count, c.share], cells, [2, 3])];
    }
    return content.figures.length
      ? [table([t.columns.symbol, t.columns.value], figureCells(content.figures, math))]
      : [];
  });
  if (o.format === 'md') return `${pieces.join('\n\n')}\n`;
  return `<div class="tparams-block">\n${pieces.join('\n')}\n</div>\n`;
}

/** A table cell: words (escaped where the format needs it), or markup made already (math). */
type Cell = string | { readonly markup: string };

function figureCells(figures: readonly BlockFigure[], math: MathRenderer): Cell[][] {
  return figures.map((f) => [f.tex ? { markup: math.inline(f.tex) } : f.name, f.value]);
}

/** A Markdown table; `|` inside a cell is escaped, so a cell never splits. */
function markdownTable(head: readonly string[], rows: Cell[][], right: number[] = []): string {
  const cell = (c: Cell) => (typeof c === 'string' ? c : c.markup).replace(/\|/g, '\\|');
  const rule = head.map((_, i) => (right.includes(i) ? '---:' : '---'));
  return [head, rule, ...rows].map((r) => `| ${r.map(cell).join(' | ')} |`).join('\n');
}

/** An HTML table; math cells are KaTeX's markup already, the rest is escaped. */
function htmlTable(head: readonly string[], rows: Cell[][], right: number[] = []): string {
  const td = (c: Cell, i: number, tag: 'td' | 'th') =>
    `<${tag}${right.includes(i) ? ' style="text-align:right"' : ''}>${typeof c === 'string' ? escapeHtml(c) : c.markup}</${tag}>`;
  return [
    '<table class="tparams-table">',
    `<thead><tr>${head.map((h, i) => td(h, i, 'th')).join('')}</tr></thead>`,
    `<tbody>${rows.map((r) => `<tr>${r.map((c, i) => td(c, i, 'td')).join('')}</tr>`).join('')}</tbody>`,
    '</table>',
  ].join('\n');
}
