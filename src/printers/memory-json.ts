import { storedWeightsJson } from './stored-weights.js';
import { accelerators } from '../analysis/memory.js';
import { derivationLines } from './notation.js';
import type { Report } from '../report/report.js';
import type { MemoryFigures } from '../requests/memory-request.js';
import { stateJson } from './recurrent-state-lines.js';
import { fitsJson } from './fits-lines.js';
import { memoryTotal, type Fits } from '../requests/fits.js';
import { kvEngineJson } from './kv-engine-lines.js';
import { parallelJson } from './parallel-lines.js';
import { llamaWeightsJson } from './llama-weights-lines.js';
import { trainingJson } from './training-json.js';

/** The memory figures as JSON: byte counts as decimal strings, each with its derivation, and what it fits on. */
export function memoryJson(
  report: Report,
  figures: MemoryFigures,
  fits?: Fits,
): Record<string, unknown> {
  const { weights, kv } = figures;
  const total = memoryTotal(figures);
  const decimal = (value: bigint | undefined) => value?.toString();
  return {
    target: report.subject.id,
    dtype: weights.dtype,
    ...(weights.bytes !== undefined ? { weights_bytes: weights.bytes.toString() } : {}),
    weights_unit: weights.unit,
    ...storedWeightsJson(report),
    ...(weights.groups
      ? {
          weight_groups: {
            count: weights.groups.count.toString(),
            size: weights.groups.size,
            stores: weights.groups.what,
          },
        }
      : {}),
    weights_derivation: derivationLines(weights.derivation),
    ...llamaWeightsJson(weights),
    ...(figures.training ? trainingJson(figures.training) : {}),
    ...(figures.training
      ? {}
      : kv
        ? {
            kv_cache_dtype: kv.dtype,
            context: decimal(kv.cache.sizes.n_ctx),
            batch: decimal(kv.cache.sizes.B),
            ...(kv.cache.sizes.n_src !== undefined
              ? { source: decimal(kv.cache.sizes.n_src) }
              : {}),
            kv_cache_layers: kv.cache.kinds.map((k) => ({
              kind: k.name,
              ...(k.window !== undefined ? { window: k.window.toString() } : {}),
            })),
            kv_cache_bytes_per_token: decimal(kv.cache.perToken.value),
            kv_cache_bytes: decimal(kv.cache.total.value),
            ...kvEngineJson(kv),
            kv_cache_per_token_derivation: derivationLines(kv.cache.perToken),
            kv_cache_derivation: derivationLines(kv.cache.total),
            ...(kv.cache.expanded
              ? {
                  kv_cache_expanded_bytes: decimal(kv.cache.expanded.value),
                  kv_cache_expanded_derivation: derivationLines(kv.cache.expanded),
                }
              : {}),
          }
        : { kv_cache_bytes: null }),
    ...(figures.training ? {} : stateJson(figures)),
    ...parallelJson(figures),
    ...(total !== undefined
      ? {
          total_bytes: total.toString(),
          fits: fits
            ? fitsJson(fits)
            : accelerators.map((a) => ({
                accelerator: a.name,
                bytes: a.bytes.toString(),
                fits: total <= a.bytes,
              })),
        }
      : {}),
  };
}
