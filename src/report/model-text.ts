import { formatCount } from '../render/numbers.js';
import type { Role } from '../components/part.js';
import { sharePercent } from './breakdown.js';
import type { Report } from './report.js';

/** Role names for people, in the order reports list them. */
export const roleNames: Record<Role, string> = {
  'token-embedding': 'token embeddings',
  'position-embedding': 'position embeddings',
  embedding: 'other embeddings',
  attention: 'attention',
  mlp: 'feed-forward',
  norm: 'norms',
  unembedding: 'output head',
  head: 'task heads',
  other: 'other',
};

/** The whole-model figures as text lines: non-embedding count, shares by role, approximations. */
export function modelFiguresText(report: Report): string[] {
  const model = report.model;
  if (!model || report.total === undefined) return [];
  const total = report.total;
  const lines = ['', 'Figures', `  total          ${formatCount(total)}`, `  non-embedding  ${formatCount(model.nonEmbedding)}   (total − token/position embeddings − untied output head)`, '', 'Share by role'];
  const roles = (Object.keys(roleNames) as Role[]).filter((r) => model.roles[r] !== undefined);
  const width = Math.max(...roles.map((r) => roleNames[r].length));
  for (const role of roles) {
    const value = model.roles[role]!;
    lines.push(`  ${roleNames[role].padEnd(width)}  ${formatCount(value).padStart(formatCount(total).length)}  ${sharePercent(value, total).toFixed(2).padStart(6)}%`);
  }
  lines.push('', 'Approximations');
  for (const a of model.approximations) {
    const sign = a.error >= 0n ? '+' : '−';
    lines.push(`  ${a.name}: ${a.text} = ${formatCount(a.value)}   exact − approx = ${sign}${formatCount(a.error < 0n ? -a.error : a.error)} (${a.errorPercent.toFixed(2)}%)`);
    for (const reason of a.reasons) lines.push(`    ${reason}`);
  }
  return lines;
}
