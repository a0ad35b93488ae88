import type { Verification } from '../analysis/verify.js';
import { escapeTerminal } from '../render/escape.js';
import { formatCount } from '../render/numbers.js';

const shape = (dims: readonly bigint[]) => `[${dims.join(', ')}]`;
/** At most this many names a list in text; JSON has them all. */
const SHOWN = 20;

function list(title: string, names: readonly string[], lines: string[]) {
  if (!names.length) return;
  lines.push(`${title} (${names.length})`);
  for (const n of names.slice(0, SHOWN)) lines.push(`  ${n}`);
  if (names.length > SHOWN)
    lines.push(`  … and ${names.length - SHOWN} more (--format json lists all)`);
}

/**
 * The verification for terminals: totals side by side, then what differs, name by name. Every
 * line holds names read from a file (tensors, dtypes, paths), so each is escaped for the terminal.
 */
export function verifyText(title: string, files: readonly string[], v: Verification): string {
  const lines = [
    `${title} — ${files.length} safetensors file${files.length === 1 ? '' : 's'} (headers only)`,
    '',
  ];
  const width = Math.max(formatCount(v.checkpointTotal).length, formatCount(v.derivedTotal).length);
  lines.push(`  checkpoint  ${formatCount(v.checkpointTotal).padStart(width)} parameters`);
  lines.push(`  derived     ${formatCount(v.derivedTotal).padStart(width)} parameters`);
  for (const d of v.dtypes)
    lines.push(
      `  ${d.dtype.padEnd(10)}  ${formatCount(d.elements).padStart(width)} in ${d.tensors} tensors`,
    );
  lines.push('');
  if (!v.namesCompared)
    lines.push(
      'Tensor names are not yet mapped for this model type: only the totals are compared.',
      '',
    );
  if (v.mapped) lines.push(`Names: ${v.mapped}.`, '');
  for (const e of v.explained) lines.push(`Absent by design: ${e.name} — ${e.reason}`);
  if (v.explained.length) lines.push('');
  list('Buffers in the checkpoint, not parameters', v.buffers, lines);
  list('Unexpected: in the checkpoint, not in the derivation', v.unexpected, lines);
  list('Missing: in the derivation, not in the checkpoint', v.missing, lines);
  if (v.mismatched.length) {
    lines.push(`Shape mismatches (${v.mismatched.length})`);
    for (const m of v.mismatched.slice(0, SHOWN))
      lines.push(`  ${m.name}: checkpoint ${shape(m.checkpoint)}, derived ${shape(m.derived)}`);
  }
  lines.push(
    v.match ? 'Match: the checkpoint holds exactly the derived parameters.' : 'Differs: see above.',
  );
  return `${lines.map(escapeTerminal).join('\n')}\n`;
}

/**
 * The verification as JSON, with every count a decimal string. Printing it, `verifyJsonText`
 * escapes what JSON.stringify leaves raw (DEL, C1 controls).
 */
export function verifyJson(files: readonly string[], v: Verification): Record<string, unknown> {
  return {
    match: v.match,
    checkpoint_total: v.checkpointTotal.toString(),
    derived_total: v.derivedTotal.toString(),
    names_compared: v.namesCompared,
    unexpected: v.unexpected,
    missing: v.missing,
    mismatched: v.mismatched.map((m) => ({
      name: m.name,
      checkpoint: m.checkpoint.map(String),
      derived: m.derived.map(String),
    })),
    explained: v.explained,
    buffers: v.buffers,
    ...(v.mapped ? { mapped: v.mapped } : {}),
    dtypes: v.dtypes.map((d) => ({
      dtype: d.dtype,
      tensors: d.tensors,
      elements: d.elements.toString(),
    })),
    files,
  };
}

/** JSON text for a terminal: JSON.stringify escapes C0 controls; DEL and C1 are escaped here, line by line (indentation's newlines stay). */
export function verifyJsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2).split('\n').map(escapeTerminal).join('\n')}\n`;
}
