import { show } from '../errors/user-error.js';
import { bitsOf, entryProblem } from './safetensors-checks.js';
import type { TensorInfo } from './safetensors-header.js';

/**
 * The tensors of a header checked as they are read, one entry at a time, into the map the callers
 * get: no list of entries is built first. What `safetensors-checks.ts` requires of each entry is
 * checked here, once for each dtype and shape (a header's 74,391 tensors have a hundred of those),
 * and the offsets are kept in typed arrays for the check that no two tensors share bytes.
 *
 * Why: one object an entry, then one a tensor, then copies of the list to sort were a third of
 * reading Qwen3-Next's header, and most of its garbage.
 */
export class TensorTable {
  private readonly map = new Map<string, TensorInfo>();
  private count = 0;
  private starts = new Float64Array(1024);
  private ends = new Float64Array(1024);
  /** By shape array (the scan shares one for equal shapes), then by dtype: the one info of each. */
  private readonly kinds = new Map<readonly number[], ShapeKind>();
  /** The first entry's problem, kept until the whole header is read (another form may refuse it first). */
  private problem: string | undefined;
  private readonly dataLimit: number;

  constructor(private readonly dataBytes: bigint | undefined) {
    // Offsets are safe integers: against a larger section any of them is inside, as in bigints.
    this.dataLimit = dataBytes === undefined ? Number.POSITIVE_INFINITY : Number(dataBytes);
  }

  /** One entry as the header gives it, in the header's order. */
  add(name: string, dtype: string, shape: readonly number[], start: number, end: number) {
    const row = this.count++;
    if (row === this.starts.length) this.grow();
    this.starts[row] = start;
    this.ends[row] = end;
    if (this.problem !== undefined) return;
    const info = this.infoOf(dtype, shape);
    // One comparison stands for entryProblem's checks: a known dtype's info holds the exact bytes.
    if (info === undefined || end < start || end > this.dataLimit || end - start !== info.bytes) {
      const problem = entryProblem({ name, dtype, shape, start, end }, this.dataBytes);
      this.problem = `tensor ${show(name)}: ${problem}`;
      return;
    }
    const before = this.map.size;
    this.map.set(name, info);
    // A name given twice (JSON.parse's reading refused it already): the map did not grow.
    if (this.map.size === before) this.problem = `tensor ${show(name)} is listed twice`;
  }

  /** The checked tensors, or what is wrong with the header (`bad` makes it the file's error). */
  tensors(bad: (what: string) => Error): Map<string, TensorInfo> {
    if (this.problem !== undefined) throw bad(this.problem);
    const overlap = this.overlap();
    if (overlap) {
      // The map holds every row, in order (no name was given twice): its names are the rows'.
      const names = [...this.map.keys()];
      const [a, b] = overlap.map((i) => `${show(names[i])} [${this.starts[i]}, ${this.ends[i]}]`);
      throw bad(`tensors ${a} and ${b} share bytes`);
    }
    return this.map;
  }

  /** One shared info for a dtype and shape, its bytes the exact size; undefined for a dtype the format lacks. */
  private infoOf(dtype: string, shape: readonly number[]): TensorInfo | undefined {
    let kind = this.kinds.get(shape);
    if (!kind) {
      kind = { bigints: shape.map((n) => BigInt(n)), infos: new Map() };
      this.kinds.set(shape, kind);
    }
    let info = kind.infos.get(dtype);
    if (info === undefined && !kind.infos.has(dtype)) {
      const bytes = exactBytes(dtype, shape);
      info = bytes === undefined ? undefined : { dtype, shape: kind.bigints, bytes };
      kind.infos.set(dtype, info);
    }
    return info;
  }

  /**
   * The rows of the first two tensors (by start, then header order) whose bytes overlap. Writers
   * list tensors by offset, so the check is one pass; only a header out of order is sorted.
   */
  private overlap(): [number, number] | undefined {
    const { starts, ends } = this;
    const { count } = this;
    let previous = -1;
    let first: [number, number] | undefined;
    for (let i = 0; i < count; i++) {
      if (ends[i]! <= starts[i]!) continue;
      if (previous >= 0) {
        if (starts[i]! < starts[previous]!) return this.sortedOverlap();
        if (first === undefined && starts[i]! < ends[previous]!) first = [previous, i];
      }
      previous = i;
    }
    return first;
  }

  private sortedOverlap(): [number, number] | undefined {
    const { starts, ends } = this;
    const rows: number[] = [];
    for (let i = 0; i < this.count; i++) if (ends[i]! > starts[i]!) rows.push(i);
    // Array sort is stable: equal starts stay in header order, as the check has always read them.
    rows.sort((a, b) => starts[a]! - starts[b]!);
    for (let k = 1; k < rows.length; k++)
      if (starts[rows[k]!]! < ends[rows[k - 1]!]!) return [rows[k - 1]!, rows[k]!];
    return undefined;
  }

  private grow() {
    const starts = new Float64Array(this.starts.length * 2);
    const ends = new Float64Array(this.ends.length * 2);
    starts.set(this.starts);
    ends.set(this.ends);
    this.starts = starts;
    this.ends = ends;
  }
}

interface ShapeKind {
  readonly bigints: readonly bigint[];
  readonly infos: Map<string, TensorInfo | undefined>;
}

/**
 * The bytes a tensor of `dtype` and `shape` takes, as entryProblem requires them: -1 where no
 * offsets can hold it (a part of a byte, or past the safe integers); undefined for a dtype the
 * format does not define.
 */
function exactBytes(dtype: string, shape: readonly number[]): number | undefined {
  const bits = bitsOf(dtype);
  if (bits === undefined) return undefined;
  let bitCount = bits;
  for (const n of shape) bitCount *= n;
  if (Number.isSafeInteger(bitCount) && bitCount % 8 === 0) return bitCount / 8;
  const exact = shape.reduce((a, b) => a * BigInt(b), BigInt(bits));
  if (exact % 8n !== 0n || exact / 8n > BigInt(Number.MAX_SAFE_INTEGER)) return -1;
  return Number(exact / 8n);
}
