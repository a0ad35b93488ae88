import { formatCount } from '../render/numbers.js';
import type { Report } from './report.js';
import { sharePercent } from './breakdown.js';
import { alignedTex, tex } from './notation.js';

/** The derivations as Markdown with `$$` display math, followed by the breakdown table. */
export function reportMarkdown(report: Report): string {
  const out: string[] = [`## ${report.title}`, ''];
  for (const d of report.derivations) {
    out.push(`$$\n\\begin{aligned}\n${alignedTex(d)}\n\\end{aligned}\n$$`, '');
    if (d.note) out.push(`*${d.note}*`, '');
  }
  out.push('| part | formula | count | share |', '|---|---|---:|---:|');
  for (const child of report.tree.children) {
    const value = child.value !== undefined ? formatCount(child.value) : '';
    const share = child.value !== undefined && report.total ? `${sharePercent(child.value, report.total).toFixed(1)}%` : '';
    out.push(`| ${child.key} | $${tex(child.formula)}$ | ${value} | ${share} |`);
  }
  if (report.total !== undefined) out.push('', `**Total: ${formatCount(report.total)}**`);
  return out.join('\n') + '\n';
}
