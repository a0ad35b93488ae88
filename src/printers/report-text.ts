import { formatCount } from '../render/numbers.js';
import { sharePercent, type BreakdownNode } from '../analysis/breakdown.js';
import type { ModelFacts, Report } from '../report/report.js';
import { headerWords } from '../i18n/header-words.js';
import { loadLocale } from '../i18n/locale.js';
import { modelFiguresText } from './model-figures-text.js';
import { sectionDerivations } from './sections.js';
import { alignedText, terminalWidth, text } from './notation.js';
import { packed, wrapWords } from './wrap.js';

export { hanging, packed, wrapWords } from './wrap.js';

/**
 * A report for terminals, within `width` columns (`COLUMNS`, else 100): the derivation, then the
 * breakdown tree with counts and shares, the model's figures, and the derivations of the parts.
 */
export function reportText(report: Report, width = terminalWidth()): string {
  const lines: string[] = [];
  lines.push(...titleLines(report, width));
  if (report.model?.fromHeader) lines.push(...wrapWords(headerLine(report.model), width));
  lines.push('');
  const root = report.derivations[0];
  lines.push(...alignedText(root!, width));
  if (root!.note) lines.push(...wrapWords(`(${root!.note})`, width - 2).map((l) => `  ${l}`));
  lines.push('', 'Breakdown');
  lines.push(...treeRows(report.tree, report.total, width));
  lines.push(...modelFiguresText(report, width));
  const shown = sectionDerivations(report).slice(1);
  if (shown.length) {
    lines.push('', 'Parts');
    for (const d of shown) {
      lines.push(...alignedText(d, width - 2).map((l) => `  ${l}`));
      if (d.note) lines.push(...wrapWords(`(${d.note})`, width - 4).map((l) => `    ${l}`));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The line under a title of a derivation read from a header: what was read, and what named it. */
function headerLine(model: ModelFacts): string {
  const words = headerWords(model, loadLocale('en'));
  const config = model.fromHeader!.configSource;
  const named = config ? `; dimensions named from ${config}` : '';
  return `Read from the checkpoint's header (${words.why}): ${words.tensors} tensors${words.buffers}${named}`;
}

/** The title, then the given sizes: beside it when they fit, else wrapped on lines of their own. */
function titleLines(report: Report, width: number): string[] {
  const given = Object.entries(report.bindings).map(
    ([name, value]) => `${name} = ${formatCount(value)}`,
  );
  if (given.length === 0) return [report.title];
  const beside = `${report.title}   (${given.join(', ')})`;
  if ([...beside].length <= width) return [beside];
  // (one column kept for the comma that ends a wrapped line)
  return [report.title, ...packed(given, width - 3, ', ').map((l) => `  ${l}`)];
}

/** The breakdown as aligned columns; a formula is cut (with …) only when the row would not fit. */
function treeRows(root: BreakdownNode, total: bigint | undefined, width: number): string[] {
  const rows: Array<[string, string, string, string]> = [];
  const walk = (node: BreakdownNode, depth: number, parent?: BreakdownNode) => {
    // The weight and bias of a plain module are in the JSON; here the module's formula says enough.
    if (parent?.children.every((c) => c.part.kind === 'tensor')) return;
    const count = node.count ? ` ×${countText(node)}` : '';
    const value = node.value !== undefined ? formatCount(node.value) : '';
    const share =
      node.value !== undefined && total ? `${sharePercent(node.value, total).toFixed(1)}%` : '';
    rows.push([
      `${'  '.repeat(depth)}${node.key}${count}`,
      node.note ? `0 (${node.note})` : text(node.formula),
      value,
      share,
    ]);
    for (const c of node.children) walk(c, depth + 1, node);
  };
  walk(root, 1);
  const columnWidth = (i: number) => Math.max(...rows.map((r) => [...r[i]!].length));
  const [w0, w2] = [columnWidth(0), columnWidth(2)];
  const w1 = Math.max(16, Math.min(columnWidth(1), width - w0 - w2 - 6 - 6));
  return rows.map(([a, b, c, d]) =>
    `${pad(a, w0)}  ${pad(shorten(b, w1), w1)}  ${c.padStart(w2)}  ${d.padStart(6)}`.trimEnd(),
  );
}

/** A repeat count as written after ×: `L`, `(L − L_dense)`. */
function countText(node: BreakdownNode): string {
  const printed = text(node.count!);
  return node.count!.kind === 'add' ? `(${printed})` : printed;
}

function shorten(s: string, width: number): string {
  const chars = [...s];
  return chars.length <= width ? s : `${chars.slice(0, width - 1).join('')}…`;
}

function pad(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - [...s].length));
}
