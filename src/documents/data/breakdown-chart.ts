import { partName, type Locale } from '../../i18n/locale.js';
import { sharePercent } from '../../analysis/breakdown.js';
import type { Report } from '../../report/report.js';
import { breakdownChart } from '../chart.js';
import type { RoleRow } from './roles.js';

/** The breakdown as an SVG chart: by role for a model; by direct part for a component. */
export function chartOf(report: Report, roles: RoleRow[], t: Locale): string {
  const total = report.total;
  if (!total) return '';
  const items = roles.length
    ? roles.map((r) => ({
        name: r.name,
        value: BigInt(r.total.digits),
        percent: sharePercent(BigInt(r.total.digits), total),
      }))
    : report.tree.children.map((c) => ({
        name: `${partName(c.name, t)} (${c.key})`,
        value: c.value ?? 0n,
        percent: sharePercent(c.value ?? 0n, total),
      }));
  return breakdownChart(items, t.headings.chart ?? '');
}
