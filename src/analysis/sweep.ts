import { UserError } from '../errors/user-error.js';
import { compile, type CompiledFormula } from '../expr/compile.js';
import { interpolate, polyAt, rational, type Rational } from '../expr/rational.js';
import type { LoadedModel } from '../models/load-model.js';
import { measureFormula, measureOf, type FieldModel, type Measure } from './field-model.js';
import type { SweepAxis } from './sweep-axis.js';

export { parseAxis, type SweepAxis } from './sweep-axis.js';

/** A row: the fields' values and what was measured, or why the family refused the combination. */
/** `index`: each field's position in its axis (how writers find the value's text without converting it again). */
export type SweepRow =
  | {
      readonly index: readonly number[];
      readonly values: readonly bigint[];
      readonly counts: ReadonlyArray<bigint | number>;
    }
  | {
      readonly index: readonly number[];
      readonly values: readonly bigint[];
      readonly refused: true;
    };

/** How the rows are computed, for the reader: the compiled formula, or a build of every row. */
export interface SweepPlan {
  readonly axes: readonly SweepAxis[];
  readonly measures: readonly Measure[];
  readonly rows: bigint;
  /** `compiled`: symbols follow the fields linearly and the formula is compiled once; `built`: the family builds every row. */
  readonly path: 'compiled' | 'built';
  /** Why the compiled path was not taken, when it was not. */
  readonly reason?: string;
  /** The rows, in order (the last axis varies fastest), streamed. */
  rowsIterator(): Generator<SweepRow>;
}

/** Most rows a sweep streams. */
export const MAX_ROWS = 100_000_000n;
/** Rows the compiled path is checked against real builds on. */
const CHECKS = 256;

/**
 * Plans a sweep over the product of the axes. The fast path compiles the measures' formulas once
 * and maps each row's field values to symbol values: each symbol must follow at most one varied
 * field, linearly (fitted exactly on the family's own builds and checked on one more), a field's
 * values the family refuses are learned from building each alone, and before any row is written
 * the compiled rows are compared with real builds on up to 256 rows (every corner of the grid and
 * rows spread through it). Anything else — a symbol that follows two fields (d_h = d_model / n_h
 * with both varied), a refusal that depends on two fields, a disagreement — and the family builds
 * every row instead: the same answers, slower.
 */
export function planSweep(
  model: FieldModel,
  axes: readonly SweepAxis[],
  measures: readonly Measure[],
): SweepPlan {
  for (const axis of axes) model.requireField(axis.field);
  const rows = axes.reduce((n, a) => n * BigInt(a.values.length), 1n);
  if (rows > MAX_ROWS)
    throw new UserError(`--vary: ${rows} combinations; at most ${MAX_ROWS}`, {
      field: '--vary',
      received: rows.toString(),
    });
  const built = (reason: string): SweepPlan => ({
    axes,
    measures,
    rows,
    path: 'built',
    reason,
    rowsIterator: () => builtRows(model, axes, measures),
  });
  const compiled = compiledPlan(model, axes, measures);
  if (typeof compiled === 'string') return built(compiled);
  const disagreement = check(model, axes, measures, compiled);
  if (disagreement) return built(disagreement);
  return {
    axes,
    measures,
    rows,
    path: 'compiled',
    rowsIterator: () => compiledRows(axes, compiled),
  };
}

/** Every combination, last axis fastest. */
function* product(axes: readonly SweepAxis[]): Generator<[number[], bigint[]]> {
  const index = axes.map(() => 0);
  if (axes.some((a) => a.values.length === 0)) return;
  for (;;) {
    yield [[...index], index.map((i, k) => axes[k]!.values[i]!)];
    let k = axes.length - 1;
    while (k >= 0 && ++index[k]! === axes[k]!.values.length) index[k--] = 0;
    if (k < 0) return;
  }
}

const valuesOf = (axes: readonly SweepAxis[], row: readonly bigint[]) =>
  Object.fromEntries(axes.map((a, i) => [a.field, row[i]!]));

function buildRow(
  model: FieldModel,
  axes: readonly SweepAxis[],
  measures: readonly Measure[],
  row: bigint[],
  index: number[],
): SweepRow {
  const loaded = model.build(valuesOf(axes, row));
  return loaded
    ? { index, values: row, counts: measures.map((m) => measureOf(loaded, m, model.dtype)) }
    : { index, values: row, refused: true };
}

function* builtRows(
  model: FieldModel,
  axes: readonly SweepAxis[],
  measures: readonly Measure[],
): Generator<SweepRow> {
  for (const [index, row] of product(axes)) yield buildRow(model, axes, measures, row, index);
}

interface Compiled {
  readonly formulas: readonly CompiledFormula[];
  /** The symbols' values with every field at its base value. */
  readonly base: Readonly<Record<string, number>>;
  /** For each axis, the symbols that follow it: value = polynomial(field value), degree ≤ 1. */
  readonly follows: ReadonlyArray<
    ReadonlyArray<{ readonly symbol: string; readonly line: readonly Rational[] }>
  >;
  /** For each axis, the values the family refuses (the other fields at their base values). */
  readonly refused: ReadonlyArray<ReadonlySet<bigint>>;
}

function compiledPlan(
  model: FieldModel,
  axes: readonly SweepAxis[],
  measures: readonly Measure[],
): Compiled | string {
  const baseModel = model.loaded;
  const formulas = measures.map((m) => compile(measureFormula(baseModel, m, model.dtype)));
  const baseSizes = baseModel.spec.sizes;
  const signature = (m: LoadedModel) => Object.keys(m.spec.sizes).sort().join(',');
  const follows: Array<Array<{ symbol: string; line: Rational[] }>> = [];
  const refused: Array<Set<bigint>> = [];
  const owner = new Map<string, string>();
  for (const axis of axes) {
    const rejected = new Set<bigint>();
    const samples: Array<[bigint, LoadedModel]> = [];
    for (const value of axis.values) {
      const built = model.build({ [axis.field]: value });
      if (!built) rejected.add(value);
      else if (samples.length < 4) samples.push([value, built]);
    }
    refused.push(rejected);
    if (samples.length === 0)
      return `no value of ${axis.field} in the sweep is one the model accepts`;
    // More probes from outside the range when it is short, so that the line can be checked.
    for (
      let probe = samples.at(-1)![0] + 1n, tries = 0;
      samples.length < 4 && tries < 4096;
      probe++, tries++
    ) {
      if (samples.some(([v]) => v === probe)) continue;
      const built = model.build({ [axis.field]: probe });
      if (built) samples.push([probe, built]);
    }
    if (samples.some(([, m]) => signature(m) !== signature(baseModel)))
      return `changing ${axis.field} changes which sizes the model has`;
    const moved: Array<{ symbol: string; line: Rational[] }> = [];
    for (const symbol of Object.keys(baseSizes)) {
      const points = samples.map(([v, m]) => [v, m.spec.sizes[symbol]!] as const);
      if (points.every(([, y]) => y === baseSizes[symbol])) continue;
      if (points.length < 3) return `too few values of ${axis.field} to follow ${symbol}`;
      const line = interpolate(points.slice(0, 2));
      if (
        points.some(([x, y]) => {
          const at = polyAt(line, rational(x));
          return at.n !== y * at.d;
        })
      )
        return `${symbol} does not follow ${axis.field} linearly`;
      if (owner.has(symbol)) return `${symbol} follows both ${owner.get(symbol)} and ${axis.field}`;
      owner.set(symbol, axis.field);
      moved.push({ symbol, line });
    }
    follows.push(moved);
  }
  const base = Object.fromEntries(Object.entries(baseSizes).map(([k, v]) => [k, Number(v)]));
  return { formulas, base, follows, refused };
}

function* compiledRows(axes: readonly SweepAxis[], plan: Compiled): Generator<SweepRow> {
  // Each axis's values resolved once: refused, or the symbol values it sets (slope·x + intercept, exactly).
  const tables = axes.map((axis, k) =>
    axis.values.map((x) => {
      if (plan.refused[k]!.has(x)) return undefined;
      const sets: Array<[string, number]> = [];
      for (const { symbol, line } of plan.follows[k]!) {
        const value = polyAt(line, rational(x));
        if (value.d !== 1n || value.n <= 0n) return undefined;
        sets.push([symbol, Number(value.n)]);
      }
      return sets;
    }),
  );
  const values: Record<string, number> = { ...plan.base };
  const index = axes.map(() => 0);
  if (axes.some((a) => a.values.length === 0)) return;
  for (;;) {
    let refused = false;
    for (let k = 0; k < axes.length; k++) {
      const sets = tables[k]![index[k]!];
      if (sets === undefined) refused = true;
      else for (const [symbol, value] of sets) values[symbol] = value;
    }
    const row = index.map((i, k) => axes[k]!.values[i]!);
    const at = [...index];
    yield refused
      ? { index: at, values: row, refused: true }
      : { index: at, values: row, counts: plan.formulas.map((f) => exact(f, values)) };
    let k = axes.length - 1;
    while (k >= 0 && ++index[k]! === axes[k]!.values.length) index[k--] = 0;
    if (k < 0) return;
  }
}

/** The number path while it is exact, bigint past 2^53. */
function exact(
  formula: CompiledFormula,
  values: Readonly<Record<string, number>>,
): bigint | number {
  try {
    return formula.evaluateNumber(values);
  } catch {
    return formula.evaluate(values);
  }
}

/** Compares the compiled rows with real builds at the grid's corners and spread rows; a reason on the first disagreement. */
function check(
  model: FieldModel,
  axes: readonly SweepAxis[],
  measures: readonly Measure[],
  plan: Compiled,
): string | undefined {
  const wanted = new Set<string>();
  const corners = 1 << Math.min(axes.length, 8);
  for (let mask = 0; mask < corners; mask++)
    wanted.add(axes.map((a, k) => ((mask >> k) & 1 ? a.values.length - 1 : 0)).join(','));
  // Rows spread through the grid: a fixed xorshift sequence, so a sweep checks the same rows each run.
  let seed = 2463534242;
  const next = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    seed >>>= 0;
    return seed;
  };
  const total = axes.reduce((n, a) => n * a.values.length, 1);
  for (let tries = 0; wanted.size < Math.min(CHECKS, total) && tries < CHECKS * 16; tries++)
    wanted.add(axes.map((a) => next() % a.values.length).join(','));
  for (const key of wanted) {
    const row = key.split(',').map((i, k) => axes[k]!.values[Number(i)]!);
    const fast = compiledRows(
      axes.map((a, k) => ({ field: a.field, values: [row[k]!] })),
      plan,
    ).next().value!;
    const real = buildRow(model, axes, measures, row, []);
    const countsOf = (r: SweepRow) => ('refused' in r ? undefined : r.counts);
    const [a, b] = [countsOf(fast), countsOf(real)];
    const same =
      a === undefined || b === undefined ? a === b : a.every((c, i) => BigInt(c) === BigInt(b[i]!));
    if (!same)
      return `the compiled formula disagreed with a build at ${axes.map((a, k) => `${a.field}=${row[k]}`).join(', ')}`;
  }
  return undefined;
}
