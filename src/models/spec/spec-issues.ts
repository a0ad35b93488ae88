import type * as v from 'valibot';
import { show, UserError } from '../../errors/user-error.js';

/** What a schema type expects, in our words. */
const expectedWords: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  bigint: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  record: 'an object',
  integer: 'a whole number',
};

/** What a missing field should hold, by its name (the schema's own issue names only the key). */
const missingWords: Record<string, string> = {
  name: 'a string',
  key: "a string (the module's name in PyTorch)",
  kind: "the module's kind",
  sizes: 'an object of named sizes',
  modules: 'a list of modules',
  in: 'a positive whole number or a formula',
  out: 'a positive whole number or a formula',
  d: 'a positive whole number or a formula',
  dim: 'a positive whole number or a formula',
  rows: 'a positive whole number or a formula',
  dFF: 'a positive whole number or a formula',
  experts: 'a positive whole number or a formula',
  count: 'a whole number ≥ 0 or a formula',
  shape: 'a list of sizes',
  kernel: 'a list of sizes',
  type: '"layernorm" or "rmsnorm"',
  children: 'a list of modules',
  child: 'a module',
  expert: 'an object with dFF',
  reason: 'a string',
};

/** A schema issue as one line in our words: `spec field modules[0].in: expected …, got …`. */
export function issueError(issue: v.BaseIssue<unknown>, source: string): UserError {
  const path = (issue.path ?? []).reduce(
    (text, item) =>
      typeof item.key === 'number'
        ? `${text}[${item.key}]`
        : `${text}${text ? '.' : ''}${String(item.key)}`,
    '',
  );
  const field = path || '(the whole file)';
  let expected: string;
  if (issue.type === 'min_value') expected = `a whole number ≥ ${String(issue.requirement)}`;
  else if (issue.type === 'min_length')
    expected = Array.isArray(issue.input)
      ? `at least ${String(issue.requirement)} items`
      : 'a non-empty string';
  else if (issue.type === 'max_length') expected = `at most ${String(issue.requirement)} items`;
  else if (issue.type === 'variant' || issue.type === 'picklist' || issue.type === 'literal')
    expected = `one of ${issue.expected?.replace(/^\(|\)$/g, '').replace(/ \| /g, ', ') ?? ''}`;
  else if (issue.type === 'union' && issue.message && !issue.message.startsWith('Invalid'))
    expected = issue.message;
  else
    expected =
      expectedWords[issue.type] ??
      expectedWords[issue.expected ?? ''] ??
      issue.expected ??
      issue.type;
  const missing = issue.input === undefined && issue.kind === 'schema';
  const key = String(issue.path?.at(-1)?.key ?? '');
  const message = missing
    ? `spec field ${field} is missing${missingWords[key] ? `: expected ${missingWords[key]}` : ''}`
    : `spec field ${field}: expected ${expected}, got ${shown(issue.input)}`;
  return new UserError(`${source}: ${message}`, { field, received: issue.input, expected });
}

/** A value as a message shows it: short, and a list or an object named, not printed. */
export function shown(value: unknown): string {
  if (typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'an object';
  const text = show(value);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}
