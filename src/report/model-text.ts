import { roleOrder } from '../analysis/role-totals.js';
import { formatCount, signed } from '../render/numbers.js';
import { loadLocale, reasonText } from '../i18n/locale.js';
import { sharePercent } from './breakdown.js';
import type { Report } from './report.js';


/** The whole-model figures as text lines: non-embedding count, shares by role, approximations. */
export function modelFiguresText(report: Report): string[] {
  const model = report.model;
  if (!model || report.total === undefined) return [];
  const english = loadLocale('en');
  const roleNames = english.roles;
  const total = report.total;
  const lines = ['', 'Figures', `  total          ${formatCount(total)}`, `  non-embedding  ${formatCount(model.nonEmbedding)}   (total − token/position embeddings − untied output head)`, '', 'Share by role'];
  const roles = roleOrder.filter((r) => model.roles[r] !== undefined);
  const width = Math.max(...roles.map((r) => roleNames[r].length));
  for (const role of roles) {
    const value = model.roles[role]!;
    lines.push(`  ${roleNames[role].padEnd(width)}  ${formatCount(value).padStart(formatCount(total).length)}  ${sharePercent(value, total).toFixed(2).padStart(6)}%`);
  }
  lines.push('', 'Approximations');
  for (const a of model.approximations) {
    lines.push(`  ${a.name}: ${a.text} = ${formatCount(a.value)}   exact − approx = ${signed(a.error)} (${a.errorPercent.toFixed(2)}%)`);
    for (const reason of a.reasons) lines.push(`    ${reasonText(reason, english)}: ${signed(reason.difference)}`);
  }
  return lines;
}
