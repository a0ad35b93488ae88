import { UserError } from '../errors/user-error.js';

/** One varied field and its values, in order. */
export interface SweepAxis {
  readonly field: string;
  readonly values: readonly bigint[];
}

/** Parses `FIELD=a..b[:step]` or `FIELD=a,b,c` (counts in plain or scientific notation). */
export function parseAxis(
  raw: string,
  parseCount: (option: string, raw: string) => bigint,
): SweepAxis {
  const match = /^([^=]+)=(.+)$/.exec(raw);
  const fail = () =>
    new UserError(`--vary ${raw}: expected FIELD=a..b, FIELD=a..b:step or FIELD=a,b,c`, {
      field: '--vary',
      received: raw,
      expected: 'FIELD=a..b[:step]',
    });
  if (!match) throw fail();
  const [, field, spec] = match as unknown as [string, string, string];
  const range = /^([^.:]+)\.\.([^.:]+)(?::(.+))?$/.exec(spec);
  if (range) {
    const [from, to, step] = [
      parseCount('--vary', range[1]!),
      parseCount('--vary', range[2]!),
      range[3] !== undefined ? parseCount('--vary', range[3]) : 1n,
    ];
    if (to < from)
      throw new UserError(`--vary ${raw}: the range ends (${to}) before it starts (${from})`, {
        field: '--vary',
        received: raw,
      });
    const count = (to - from) / step + 1n;
    if (count > 10_000_000n)
      throw new UserError(`--vary ${raw}: ${count} values; at most 10,000,000 an axis`, {
        field: '--vary',
        received: raw,
      });
    return {
      field: field.trim(),
      values: Array.from({ length: Number(count) }, (_, i) => from + BigInt(i) * step),
    };
  }
  if (/^[^,]+(,[^,]+)*$/.test(spec))
    return { field: field.trim(), values: spec.split(',').map((v) => parseCount('--vary', v)) };
  throw fail();
}
