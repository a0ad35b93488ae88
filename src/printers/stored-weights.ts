import { formatCount } from '../render/numbers.js';
import type { Report } from '../report/report.js';

/**
 * A checkpoint read from its header: what its weights take as its files store them, beside the
 * figure by `--dtype` (a quantized or mixed-precision checkpoint stores what it stores).
 */
export function storedWeightsLine(report: Report): string | undefined {
  const stored = report.model?.fromHeader?.stored;
  if (!stored) return undefined;
  const types = stored.byDtype.map((r) => `${r.dtype} ${formatCount(BigInt(r.tensors))} tensors`);
  return `As the checkpoint stores them: ${formatCount(stored.bytes)} bytes (${types.join(', ')})`;
}

/** The same in JSON: `stored_weights_bytes` and the bytes by element type. */
export function storedWeightsJson(report: Report): Record<string, unknown> {
  const stored = report.model?.fromHeader?.stored;
  if (!stored) return {};
  return {
    stored_weights_bytes: stored.bytes.toString(),
    stored_weights_by_dtype: stored.byDtype.map((r) => ({
      dtype: r.dtype,
      tensors: r.tensors,
      bytes: r.bytes.toString(),
    })),
  };
}
