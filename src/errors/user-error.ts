/**
 * A mistake in what the user asked for: an unknown target, a bad value, a malformed config.
 * It carries the field, the value received and what was expected, so the CLI can print one clear
 * line and exit with code 2 instead of a stack trace.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly details: { field?: string; received?: unknown; expected?: string } = {},
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** A user error about one field: "`field` = value: expected …". */
export function fieldError(field: string, received: unknown, expected: string): UserError {
  return new UserError(`${field} = ${show(received)}: expected ${expected}`, { field, received, expected });
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'missing';
  if (typeof value === 'bigint') return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Lists names for an error message: `a, b or c`. */
export function oneOf(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}
