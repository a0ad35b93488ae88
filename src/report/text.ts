import { formatCount } from '../render/numbers.js';
import { sharePercent, type BreakdownNode } from './breakdown.js';
import type { Report } from './report.js';
import { modelFiguresText } from './model-text.js';
import { sectionDerivations } from './sections.js';
import { alignedText, text } from './notation.js';

/** A report for terminals: the derivation, then the breakdown tree with counts and shares. */
export function reportText(report: Report): string {
  const lines: string[] = [];
  const given = Object.entries(report.bindings).map(([name, value]) => `${name} = ${formatCount(value)}`);
  lines.push(report.title + (given.length ? `   (${given.join(', ')})` : ''), '');
  const root = report.derivations[0];
  lines.push(...alignedText(root!));
  if (root!.note) lines.push(`  (${root!.note})`);
  lines.push('', 'Breakdown');
  lines.push(...treeRows(report.tree, report.total));
  lines.push(...modelFiguresText(report));
  const shown = sectionDerivations(report).slice(1);
  if (shown.length) {
    lines.push('', 'Parts');
    for (const d of shown) {
      lines.push(...alignedText(d).map((l) => `  ${l}`));
      if (d.note) lines.push(`    (${d.note})`);
    }
  }
  return lines.join('\n') + '\n';
}

function treeRows(root: BreakdownNode, total: bigint | undefined): string[] {
  const rows: Array<[string, string, string, string]> = [];
  const walk = (node: BreakdownNode, depth: number, parent?: BreakdownNode) => {
    // The weight and bias of a plain module are in the JSON; here the module's formula says enough.
    if (parent && parent.children.every((c) => c.part.kind === 'tensor')) return;
    const count = node.count ? ` ×${text(node.count)}` : '';
    const value = node.value !== undefined ? formatCount(node.value) : '';
    const share = node.value !== undefined && total ? `${sharePercent(node.value, total).toFixed(1)}%` : '';
    rows.push([`${'  '.repeat(depth)}${node.key}${count}`, node.note ? `0 (${node.note})` : shorten(text(node.formula), 56), value, share]);
    node.children.forEach((c) => walk(c, depth + 1, node));
  };
  walk(root, 1);
  const width = (i: number) => Math.max(...rows.map((r) => [...r[i]!].length));
  const [w0, w1, w2] = [width(0), width(1), width(2)];
  return rows.map(([a, b, c, d]) => `${pad(a, w0)}  ${pad(b, w1)}  ${c.padStart(w2)}  ${d.padStart(6)}`.trimEnd());
}

function shorten(s: string, width: number): string {
  const chars = [...s];
  return chars.length <= width ? s : `${chars.slice(0, width - 1).join('')}…`;
}

function pad(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - [...s].length));
}
