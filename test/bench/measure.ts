/** Tiny measuring helpers: best-of-rounds time per call, so a busy machine skews the ratio least. */

let sink = 0;

/** Nanoseconds per call of `fn`, the best of `rounds` rounds of `iterations` calls each. */
export function nsPerCall(fn: () => unknown, iterations: number, rounds = 7): number {
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) {
      const out = fn();
      if (typeof out === 'number') sink += out;
      else if (out) sink += 1;
    }
    const elapsed = Number(process.hrtime.bigint() - start) / iterations;
    best = Math.min(best, elapsed);
  }
  return best;
}

/** Keeps the optimiser from discarding the measured work. */
export function consumeSink(): number {
  return sink;
}

/** A table row: name, ours, baseline, ratio. */
export function row(name: string, ours: number, baseline: number, unit = 'ns'): string {
  const ratio = ours / baseline;
  return `${name.padEnd(46)} ${fmt(ours, unit).padStart(12)} ${fmt(baseline, unit).padStart(12)} ${(ratio < 0.1 ? ratio.toPrecision(2) : ratio.toFixed(2)).padStart(8)}×`;
}

function fmt(value: number, unit: string): string {
  if (unit === 'ns' && value >= 1000) return `${(value / 1000).toFixed(2)} µs`;
  return `${value.toFixed(value < 10 ? 2 : 0)} ${unit}`;
}
