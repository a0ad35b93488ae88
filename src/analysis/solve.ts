import { UserError } from '../errors/user-error.js';
import { interpolate, polyAt, ratCompare, rational, type Rational } from '../expr/rational.js';
import { decimalRatio } from '../render/numbers.js';
import { symbolTable } from '../symbols/table.js';
import type { FieldModel, Measure } from './field-model.js';

/** The value of one config field whose count is nearest a target, and how it was found. */
export interface Solution {
  readonly field: string;
  /** The symbol the field sets (`L` for num_hidden_layers), or the field's own name. */
  readonly variable: string;
  readonly measure: Measure;
  /** For `memory`: the weights' data type. */
  readonly dtype: string;
  readonly target: bigint;
  readonly step: bigint;
  /** The count as a polynomial in the field, every other size as the model has it: constant term first. */
  readonly polynomial: readonly Rational[];
  /** Where the polynomial meets the target, to two decimals (`"4215.73"`), found exactly: any size prints finite digits. */
  readonly root: string;
  /** The valid values on either side of the root, with their exact counts. */
  readonly candidates: ReadonlyArray<{ readonly value: bigint; readonly count: bigint }>;
  readonly best: { readonly value: bigint; readonly count: bigint };
  /** The field's value in the model as given, and its count. */
  readonly current: { readonly value: bigint; readonly count: bigint };
}

/** What `tparams solve` asks: the field to vary, the count to reach, of what, in steps of `step`. */
export interface SolveRequest {
  readonly field: string;
  readonly target: bigint;
  readonly measure: Measure;
  /** The values tried are multiples of it (`--multiple-of`). */
  readonly step: bigint;
}

/** Highest degree a count may have in one field: d_model² terms make 2; 3 leaves room. */
const MAX_DEGREE = 3;
/** How far to look for values the family accepts (heads dividing the width, say), in steps. */
const SEARCH = 4096n;

/**
 * Solves `count(field) = target` exactly. The count in one field is a polynomial (every other size
 * held): it is recovered exactly from the family's own builds at a few valid values (Lagrange, in
 * rationals, checked at one more), its root found by exact bisection, and the valid values (multiples
 * of `step` the family accepts) on either side of the root counted by building the model there.
 */
export function solve(model: FieldModel, request: SolveRequest): Solution {
  const { field, target, measure, step } = request;
  const current = model.requireField(field);
  const countAt = (value: bigint) =>
    value > 0n ? model.count({ [field]: value }, measure) : undefined;
  const currentCount = countAt(current);
  if (currentCount === undefined)
    throw new UserError(`--vary ${field}: the model as given is not valid`, { field: '--vary' });

  // Valid sample values, multiples of step, outward from the current value.
  const start = current - (current % step) || step;
  const samples: Array<readonly [bigint, bigint]> = [];
  for (let i = 0n; samples.length < MAX_DEGREE + 2 && i < SEARCH; i++) {
    for (const value of i === 0n ? [start] : [start + i * step, start - i * step]) {
      const count = countAt(value);
      if (count !== undefined && samples.length < MAX_DEGREE + 2) samples.push([value, count]);
    }
  }
  if (samples.length < MAX_DEGREE + 2)
    throw new UserError(
      `--vary ${field}: too few values the model accepts near ${current} (step ${step})`,
      { field: '--vary', received: field },
    );
  const polynomial = interpolate(samples.slice(0, MAX_DEGREE + 1));
  const [checkX, checkY] = samples[MAX_DEGREE + 1]!;
  if (ratCompare(polyAt(polynomial, rational(checkX)), rational(checkY)) !== 0) {
    throw new UserError(
      `--vary ${field}: the ${measure} is not a polynomial of degree ≤ ${MAX_DEGREE} in ${field} (it changes form between values), so it cannot be solved exactly`,
      { field: '--vary', received: field },
    );
  }
  if (polynomial.length < 2)
    throw new UserError(`--vary ${field}: the ${measure} does not depend on ${field}`, {
      field: '--vary',
      received: field,
    });
  if (polynomial.at(-1)!.n < 0n)
    throw new UserError(
      `--vary ${field}: the ${measure} falls as ${field} grows; only growing counts are solved`,
      { field: '--vary', received: field },
    );

  const at = (x: Rational) => polyAt(polynomial, x);
  const P = (value: bigint) => at(rational(value));
  const T = rational(target);
  // The largest multiple of step whose polynomial value is at most the target: exponential, then binary search.
  if (ratCompare(P(step), T) > 0) {
    const smallest = firstValid(countAt, step, step);
    if (smallest && target < smallest.count) {
      const which = step > 1n ? ` that is a multiple of ${step}` : '';
      throw new UserError(
        `--target ${target}: below the ${measure === 'active' ? 'active count' : 'total'} at the smallest ${field}${which} (${smallest.value}: ${smallest.count})`,
        { field: '--target', received: target.toString(), expected: `at least ${smallest.count}` },
      );
    }
  }
  let lo = 1n;
  let hi = 2n;
  while (ratCompare(P(hi * step), T) <= 0) {
    lo = hi;
    hi *= 2n;
  }
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n;
    if (ratCompare(P(mid * step), T) <= 0) lo = mid;
    else hi = mid;
  }
  const below = lo * step;
  const candidates: Array<{ value: bigint; count: bigint }> = [];
  for (const [from, direction] of [
    [below, -1n],
    [below + step, 1n],
  ] as const) {
    for (
      let value = from, tries = 0n;
      value > 0n && tries < SEARCH;
      value += direction * step, tries++
    ) {
      const count = countAt(value);
      if (count !== undefined) {
        candidates.push({ value, count });
        break;
      }
    }
  }
  if (!candidates.length)
    throw new UserError(`--target ${target}: no value of ${field} the model accepts reaches it`, {
      field: '--target',
      received: target.toString(),
    });
  const distance = (c: { count: bigint }) =>
    c.count > target ? c.count - target : target - c.count;
  const best = candidates.reduce((a, b) => (distance(b) < distance(a) ? b : a));
  return {
    field,
    variable: symbolTable.find((s) => s.fields.includes(field))?.text ?? field,
    measure,
    dtype: model.dtype,
    target,
    step,
    polynomial,
    root: rootInHundredths(at, T, below, below + step),
    candidates: candidates.sort((a, b) => (a.value < b.value ? -1 : 1)),
    best,
    current: { value: current, count: currentCount },
  };
}

/** The first value from `from` upward, in steps, that the family accepts, with its count. */
function firstValid(
  countAt: (v: bigint) => bigint | undefined,
  from: bigint,
  step: bigint,
): { value: bigint; count: bigint } | undefined {
  for (let value = from, tries = 0n; tries < SEARCH; value += step, tries++) {
    const count = countAt(value);
    if (count !== undefined) return { value, count };
  }
  return undefined;
}

/**
 * The root of P(x) = target between a and b (P(a) ≤ target < P(b)), to two decimals: exact bisection
 * over thousandths, rounded half up. (A float bisection printed `Infinity` for a target of 1e400.)
 */
function rootInHundredths(
  P: (x: Rational) => Rational,
  target: Rational,
  a: bigint,
  b: bigint,
): string {
  let [lo, hi] = [a * 1000n, b * 1000n];
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n;
    if (ratCompare(P(rational(mid, 1000n)), target) <= 0) lo = mid;
    else hi = mid;
  }
  return decimalRatio(lo, 1000n, 2);
}
