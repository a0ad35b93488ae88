import { accelerators, type WeightMemory } from '../analysis/memory.js';
import { formatCount } from '../render/numbers.js';
import { alignedText, derivationLines, terminalWidth } from './notation.js';
import type { Report } from './report.js';

/** A byte count for people: exact, then in GiB (2³⁰) and GB (10⁹), each unit named. */
export function byteSizes(bytes: bigint): string {
  const gib = Number(bytes) / 2 ** 30;
  const gb = Number(bytes) / 1e9;
  return `${formatCount(bytes)} bytes = ${gib.toFixed(2)} GiB = ${gb.toFixed(2)} GB`;
}

/** The memory figures for terminals: the weights' derivation, the size in units, and what it fits on. */
export function memoryText(report: Report, weights: WeightMemory, width = terminalWidth()): string {
  const lines = [`${report.title} — weights in ${weights.dtype}`, ''];
  lines.push(...alignedText(weights.derivation, width));
  if (weights.unit === 'bits') lines.push('', '  (in bits: an element is narrower than a byte; ÷ 8 for bytes)');
  if (weights.bytes !== undefined) {
    lines.push('', `  ${byteSizes(weights.bytes)}`, '', 'Fits (the weights alone: no cache, activations or optimizer state)');
    const nameWidth = Math.max(...accelerators.map((a) => a.name.length));
    for (const a of accelerators) lines.push(`  ${a.name.padEnd(nameWidth)}  ${weights.bytes <= a.bytes ? 'yes' : 'no'}`);
  }
  return lines.join('\n') + '\n';
}

/** The memory figures as JSON: `weights_bytes` a decimal string, the derivation, and what it fits on. */
export function memoryJson(report: Report, weights: WeightMemory): Record<string, unknown> {
  return {
    target: report.subject.id,
    dtype: weights.dtype,
    ...(weights.bytes !== undefined ? { weights_bytes: weights.bytes.toString() } : {}),
    weights_unit: weights.unit,
    weights_derivation: derivationLines(weights.derivation),
    ...(weights.bytes !== undefined ? { fits: accelerators.map((a) => ({ accelerator: a.name, bytes: a.bytes.toString(), fits: weights.bytes! <= a.bytes })) } : {}),
  };
}
