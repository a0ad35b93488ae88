import { UserError } from '../errors/user-error.js';
import type { Setting } from '../targets/parameters.js';

/** Commander collector for repeated `--set name=value` options. */
export function collectSetting(raw: string, previous: Setting[] = []): Setting[] {
  const eq = raw.indexOf('=');
  if (eq <= 0)
    throw new UserError(`--set ${raw}: expected name=value, e.g. --set d_model=512`, {
      field: '--set',
      received: raw,
      expected: 'name=value',
    });
  return [...previous, [raw.slice(0, eq).trim(), raw.slice(eq + 1)] as const];
}
