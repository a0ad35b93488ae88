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
  return new UserError(`${field} = ${show(received)}: expected ${expected}`, {
    field,
    received,
    expected,
  });
}

/** A value as a message quotes it: JSON where it can be, any length of integer, never a throw. */
export function show(value: unknown): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'bigint') return String(value);
  let text: string;
  try {
    text =
      JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)) ??
      String(value);
  } catch {
    // (nested past what JSON.stringify can recurse through)
    text = Array.isArray(value) ? 'a deeply nested list' : 'a deeply nested object';
  }
  // A message is one line: a long value is cut (the field's name says where it is).
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** Lists names for an error message: `a, b or c`. */
export function oneOf(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}
