import type { Writable } from 'node:stream';
import type { SweepPlan, SweepRow } from '../analysis/sweep.js';

export type SweepFormat = 'csv' | 'jsonl';

/** Rows gathered into one write: large enough that writes cost little, small enough to stream. */
const CHUNK_ROWS = 4096;

/**
 * Row formatters. Each field's values are turned into text once, up front (`CSV`: `4096,`; JSON:
 * `"hidden_size":4096,`), so a row costs one lookup a field and one number a measure.
 */
function formatter(plan: SweepPlan, format: SweepFormat): (row: SweepRow) => string {
  const fields = plan.axes.map((a) => a.field);
  if (format === 'csv') {
    const texts = plan.axes.map((a) => a.values.map((v) => `${v},`));
    const refusedTail = `${','.repeat(plan.measures.length)}refused\n`;
    return (row) => {
      let line = '';
      for (let k = 0; k < texts.length; k++) line += texts[k]![row.index[k]!];
      if ('refused' in row) return line + refusedTail;
      for (const c of row.counts) line += `${c},`;
      return `${line}\n`;
    };
  }
  const texts = plan.axes.map((a, k) =>
    a.values.map((v) => `${k === 0 ? '{' : ','}${JSON.stringify(fields[k])}:${v}`),
  );
  const keys = plan.measures.map((m) => `,${JSON.stringify(m)}:"`);
  return (row) => {
    let line = '';
    for (let k = 0; k < texts.length; k++) line += texts[k]![row.index[k]!];
    if ('refused' in row) return `${line},"refused":true}\n`;
    for (let i = 0; i < keys.length; i++) line += `${keys[i]}${row.counts[i]}"`;
    return `${line}}\n`;
  };
}

/** Something that shows progress: the CLI passes a progress bar on a terminal, nothing when piped. */
export interface Progress {
  update(rows: number): void;
  stop(): void;
}

/**
 * Streams the plan's rows to `out` in chunks, waiting when the stream asks (a slow pipe never makes
 * the rows pile up in memory). Returns how many rows the family refused.
 */
export async function writeSweep(
  plan: SweepPlan,
  format: SweepFormat,
  out: Writable,
  progress?: Progress,
): Promise<{ rows: number; refused: number }> {
  const fields = plan.axes.map((a) => a.field);
  // The note column says `refused` where the model does not accept the combination.
  const header = format === 'csv' ? `${[...fields, ...plan.measures, 'note'].join(',')}\n` : '';
  let chunk = header;
  let rows = 0;
  let refused = 0;
  const flush = async () => {
    // Each wait removes both its listeners when either fires: one stays behind per wait otherwise,
    // and a long sweep piles them up (node warned at 11).
    if (!out.write(chunk))
      await new Promise<void>((resolve, reject) => {
        const drained = () => {
          out.off('error', failed);
          resolve();
        };
        const failed = (error: Error) => {
          out.off('drain', drained);
          reject(error);
        };
        out.once('drain', drained);
        out.once('error', failed);
      });
    chunk = '';
  };
  const line = formatter(plan, format);
  for (const row of plan.rowsIterator()) {
    chunk += line(row);
    if ('refused' in row) refused++;
    if (++rows % CHUNK_ROWS === 0) {
      await flush();
      progress?.update(rows);
    }
  }
  if (chunk) await flush();
  progress?.update(rows);
  progress?.stop();
  return { rows, refused };
}
