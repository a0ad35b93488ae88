import type { Locale } from '../../i18n/locale.js';
import { roleOrder } from '../../analysis/role-totals.js';
import type { Report } from '../../report/report.js';
import { count, percent, type Count } from './count.js';

/** A model's parameters of one role (embedding, attention, …): count and share. */
export interface RoleRow {
  role: string;
  name: string;
  total: Count;
  share: string;
}

/** A model's totals by role, in the roles' fixed order (those it has). */
export function roleRows(report: Report, t: Locale): RoleRow[] {
  const total = report.total ?? 0n;
  return roleOrder
    .filter((role) => report.model!.roles[role] !== undefined)
    .map((role) => {
      const value = report.model!.roles[role]!;
      return { role, name: t.roles[role], total: count(value), share: percent(value, total) ?? '' };
    });
}
