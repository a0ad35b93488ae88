import { kvCache } from '../analysis/kv-cache.js';
import { checkBlocks, isByteWide, type CacheType } from '../analysis/cache-types.js';
import { recurrentState } from '../analysis/recurrent-state.js';
import type { WeightMemory } from '../analysis/memory.js';
import type { RecurrentStateLayout } from '../models/spec/model-spec.js';
import { UserError } from '../errors/user-error.js';
import type { Report } from '../report/report.js';
import { cacheTypeFor } from './defaults.js';
import { deviceBudget, kvBudgetOf } from './kv-budget.js';
import type { MemoryFigures, MemoryRequest } from './memory-request.js';

/** vLLM's `gpu_memory_utilization` default. */
export const vllmUtilization = { numerator: 9n, denominator: 10n, text: '0.9' } as const;

/** The head width llama.cpp checks its blocks against: `d_h`, else `d_model / n_h`. */
function headWidth(report: Report): bigint | undefined {
  const b = report.bindings;
  if (b.d_h !== undefined) return b.d_h;
  return b.d_model !== undefined && b.n_h ? b.d_model / b.n_h : undefined;
}

/**
 * The cache's figures: its derivation by the engine's rule, in the asked types, one sequence's
 * bytes, and the budget's tokens when a budget is asked for (or derived from the device: vLLM's
 * `gpu_memory_utilization`, sglang's `mem_fraction_static`).
 */
export function cacheFigures(
  report: Report,
  request: MemoryRequest,
  context: bigint,
  weights: WeightMemory,
): NonNullable<MemoryFigures['kv']> {
  const model = report.model!;
  const dtype = request.kvDtype ?? cacheTypeFor(request.weights.dtype);
  const vDtype = request.vDtype;
  checkBlocks(dtype, headWidth(report), '--kv-dtype');
  if (vDtype) checkBlocks(vDtype, headWidth(report), '--v-dtype');
  const engine = request.engine ?? { name: 'transformers' as const };
  // vLLM's and sglang's kv_cache_dtype takes the model's type or fp8; the block types are llama.cpp's.
  if (engine.name === 'vllm' || engine.name === 'sglang')
    for (const [flag, type] of [
      ['--kv-dtype', dtype],
      ['--v-dtype', vDtype],
    ] as const)
      if (type !== undefined && !isByteWide(type))
        throw new UserError(
          `${flag} ${type} is llama.cpp's block type; --engine ${engine.name} keeps its cache in the model's type or fp8`,
          { field: flag, received: type, expected: 'fp32, fp16, bf16 or fp8' },
        );
  const cacheRequest = {
    dtype,
    ...(vDtype && vDtype !== dtype ? { vDtype } : {}),
    context,
    ...(request.source !== undefined ? { source: request.source } : {}),
    engine,
  };
  const cache = kvCache(model.kvCache!, report.bindings, { ...cacheRequest, batch: request.batch });
  // One sequence's cache: the cache itself at batch 1 (a fit's search asks at many contexts).
  const one =
    request.batch === 1n
      ? cache.total.value
      : kvCache(model.kvCache!, report.bindings, { ...cacheRequest, batch: 1n }).total.value;
  const budget = budgetOf(request, weights, engine.fraction ?? vllmUtilization);
  const kvBudget =
    budget && kvBudgetOf(engine.name, budget, cache, one, engine.blockSize ?? undefined);
  return {
    dtype,
    cache,
    ...(vDtype && vDtype !== dtype ? { vDtype } : {}),
    ...(request.engine ? { engine: engine.name } : {}),
    ...(engine.unified === false ? { streams: true as const } : {}),
    ...(one !== undefined ? { perSequence: one } : {}),
    ...(kvBudget ? { budget: kvBudget } : {}),
  };
}

function budgetOf(
  request: MemoryRequest,
  weights: WeightMemory,
  fraction: typeof vllmUtilization | NonNullable<NonNullable<MemoryRequest['engine']>['fraction']>,
) {
  if (request.kvBudget !== undefined) return { bytes: request.kvBudget };
  if (request.deviceMemory === undefined || weights.bytes === undefined) return undefined;
  const flag =
    request.engine?.name === 'sglang' ? '--mem-fraction-static' : '--gpu-memory-utilization';
  return deviceBudget(request.deviceMemory, fraction, weights.bytes, flag);
}

/** The cache's options on a model that keeps none: `--v-dtype` and `--kv-budget` name it. */
export function checkNoCache(report: Report, request: MemoryRequest): void {
  const asked = request.vDtype !== undefined ? '--v-dtype' : request.kvBudget ? '--kv-budget' : '';
  if (!asked) return;
  throw new UserError(
    `${asked}: ${report.model?.className ?? report.title} keeps no KV cache to give it to`,
    { field: asked, expected: 'a model with a KV cache' },
  );
}

/**
 * The recurrent state by the engine's rule: transformers keeps a convolution's whole kernel in the
 * cache's type; vLLM and sglang keep `kernel − 1` columns in the model's type (their
 * `mamba_ssm_cache_dtype` default); llama.cpp `kernel − 1` columns in f32
 * (`llama_memory_recurrent` is made with `GGML_TYPE_F32` for both its tensors).
 */
export function stateFigures(
  report: Report,
  request: MemoryRequest,
  layout: RecurrentStateLayout,
  kvDtype: CacheType,
): NonNullable<MemoryFigures['state']> {
  const engine = request.engine?.name ?? 'transformers';
  // vLLM's and sglang's --kv-cache-dtype is the attention cache's alone: the state stays in the
  // model's type (vLLM's mamba_cache_dtype "auto"); transformers keeps both in the cache's.
  const dtype: CacheType =
    engine === 'llama.cpp'
      ? 'f32'
      : engine === 'transformers' && isByteWide(kvDtype)
        ? kvDtype
        : cacheTypeFor(request.weights.dtype);
  const convColumns = engine === 'transformers' ? 'kernel' : 'kernel-1';
  const of = (batch: bigint) =>
    recurrentState(layout, report.bindings, { dtype, batch, convColumns });
  const memory = of(request.batch);
  const one = request.batch === 1n ? memory.total.value : of(1n).total.value;
  return {
    dtype,
    memory,
    ...(one !== undefined ? { perSequence: one } : {}),
    ...(request.engine ? { engine } : {}),
  };
}
