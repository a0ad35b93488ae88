import { formatCount } from '../render/numbers.js';
import type { Report } from '../report/report.js';
import { alignedTex } from './notation.js';

/** The derivations as LaTeX `align*` environments, one per part with parts of its own. */
export function reportTex(report: Report): string {
  const blocks = report.derivations.map((d) => {
    const note = d.note ? `% ${d.note}\n` : '';
    return `${note}\\begin{align*}\n${alignedTex(d)}\n\\end{align*}`;
  });
  const total = report.total !== undefined ? `% total: ${formatCount(report.total)}\n` : '';
  return `% ${report.title}\n${total}${blocks.join('\n\n')}\n`;
}
