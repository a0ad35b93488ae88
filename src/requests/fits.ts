import type { weightTypes, WeightType } from '../analysis/memory.js';
import { isLlamaFileType, llamaWidestFirst } from '../analysis/llama-quant-types.js';
import { UserError } from '../errors/user-error.js';
import { memoryBytes } from '../hardware/gpu-spec.js';
import type { GpuRequest } from '../hardware/gpu-table.js';
import type { Report } from '../report/report.js';
import type { KvEngine } from '../analysis/kv-engines.js';
import { vllmUtilization } from './cache-figures.js';
import { contextFor } from './defaults.js';
import { memoryFigures, type MemoryFigures, type MemoryRequest } from './memory-request.js';
import { perGpuTotal } from '../analysis/parallel-memory.js';
import { largestFitting } from './largest-fitting.js';
import { spreads } from '../analysis/parallel.js';

/**
 * How much of a GPU's memory a convention leaves to the model. `transformers`: the weights and
 * the cache as the modeling code allocates them, nothing reserved; the CUDA context (a few hundred
 * MiB, varying with GPU and driver) is not counted, for no vendor or PyTorch document gives a figure.
 * `vllm`: its cache rule, and `1 − gpu_memory_utilization` of the memory reserved (0.1 by default);
 * `sglang`: `1 − mem_fraction_static` reserved when it is given; `llama.cpp`: its cells, nothing
 * reserved.
 */
export type FitsConvention = KvEngine;

/** The bytes a set of memory figures needs: inference's weights, cache and state; training's per GPU. */
export type TotalOf = (figures: MemoryFigures) => bigint | undefined;

/** The default total: what `tparams memory` adds up (training per GPU; else weights + cache + state). */
export const memoryTotal: TotalOf = (figures) => {
  if (figures.training) return figures.training.memory.total.value;
  if (figures.parallel) return perGpuTotal(figures.parallel);
  const parts = [
    figures.weights.bytes,
    figures.kv ? figures.kv.cache.total.value : 0n,
    figures.state ? figures.state.memory.total.value : 0n,
  ];
  return parts.some((p) => p === undefined) ? undefined : parts.reduce((a, b) => a! + b!, 0n);
};

/** What fits on the GPUs: the request as asked, and the largest of each size with the others held. */
export interface Fits {
  readonly gpu: GpuRequest;
  readonly convention: FitsConvention;
  /** Bytes the figures may take: every GPU's for inference, one GPU's for training (its totals are per GPU), less the reserve. */
  readonly capacity: bigint;
  /** Bytes the convention keeps back (vLLM's `1 − gpu_memory_utilization`), and the share it keeps. */
  readonly reserved: bigint;
  readonly fraction?: string;
  /** What the request as asked needs, and whether it fits. */
  readonly asked: { readonly bytes: bigint; readonly fits: boolean };
  readonly context: bigint;
  /** The longest context that fits at the asked batch, up to `cap` tokens; null when one token does not. */
  readonly longestContext: { readonly tokens: bigint; readonly cap: bigint } | null;
  /** Whether the context's cap is the model's own longest context (else the search's). */
  readonly capIsModels: boolean;
  /** The most sequences that fit at the asked context, up to `maxBatch`; null when one does not. */
  readonly largestBatch: bigint | null;
  /** The batch searched up to. */
  readonly maxBatch: bigint;
  /** The widest weight type that fits at the asked context and batch (inference only); null when none does. */
  readonly bestWeightType?: WeightType | null;
}

/** Inference over several GPUs in a plan: the fits are then each GPU's, the heaviest one's. */
const isParallel = (request: MemoryRequest): boolean =>
  request.training === undefined && request.parallel !== undefined && spreads(request.parallel);

/** Searched up to this many sequences: past it a batch is a typing slip, not a deployment. */
export const maxBatch = 2n ** 20n;

/** Searched up to this context when the model names no longest one. */
export const maxContext = 2n ** 24n;

/**
 * The fits of a memory request on GPUs. Every answer is a search over `memoryFigures` itself
 * (each size only grows the total), so a cache convention added to it later is the
 * convention the search obeys (src/requests/largest-fitting.ts).
 */
export function fitsOn(
  report: Report,
  request: MemoryRequest,
  gpu: GpuRequest,
  total: TotalOf = memoryTotal,
): Fits {
  const model = report.model!;
  const perGpu = request.training !== undefined || isParallel(request);
  if (isParallel(request) && gpu.count !== 1n) {
    const plan = request.parallel!;
    if (gpu.count !== plan.tp * plan.pp)
      throw new UserError(
        `--gpu: ${gpu.count} × ${gpu.spec.name}, but --tp ${plan.tp} --pp ${plan.pp} serves the model on ${plan.tp * plan.pp} GPUs`,
        {
          field: '--gpu',
          received: String(gpu.count),
          expected: `${plan.tp * plan.pp} GPUs, or one named alone`,
        },
      );
  }
  const memory = memoryBytes(gpu.spec) * (perGpu ? 1n : gpu.count);
  const convention = request.engine?.name ?? 'transformers';
  const fraction =
    convention === 'vllm'
      ? (request.engine?.fraction ?? vllmUtilization)
      : convention === 'sglang'
        ? request.engine?.fraction
        : undefined;
  const capacity = fraction ? (memory * fraction.numerator) / fraction.denominator : memory;
  const fits = (r: MemoryRequest) => {
    const bytes = total(memoryFigures(report, r));
    return bytes !== undefined && bytes <= capacity;
  };
  const asked = memoryFigures(report, request);
  // The searches over context and batch keep the asked weights, derived once.
  const bytesOf = (r: MemoryRequest) => total(memoryFigures(report, r, asked));
  const askedBytes = total(asked);
  if (askedBytes === undefined)
    throw new UserError(`--gpu: ${report.title} has sizes without values, so no total to fit`, {
      field: '--gpu',
    });
  const context = contextFor(model, request.context);
  const cap = model.contextLength ?? maxContext;
  const longest = largestFitting(cap, (n) => bytesOf({ ...request, context: n }), capacity);
  const batch = largestFitting(maxBatch, (b) => bytesOf({ ...request, batch: b }), capacity);
  const plan = request.parallel;
  return {
    // With a plan and one GPU named, the plan's count of them.
    gpu: isParallel(request) && gpu.count === 1n ? { ...gpu, count: plan!.tp * plan!.pp } : gpu,
    convention,
    capacity,
    reserved: memory - capacity,
    ...(fraction ? { fraction: fraction.text } : {}),
    asked: { bytes: askedBytes, fits: askedBytes <= capacity },
    context,
    longestContext: longest === undefined ? null : { tokens: longest, cap },
    capIsModels: model.contextLength !== undefined,
    largestBatch: batch ?? null,
    maxBatch,
    ...(request.training ? {} : { bestWeightType: widestFitting(request, fits) }),
  };
}

/**
 * Weight types widest first: bf16 before fp16 (as checkpoints ship), and MXFP4 (4.25 bits on the
 * experts only) before int4 (4 bits on every linear layer).
 */
const plainWidestFirst: readonly WeightType[] = [
  'fp32',
  'bf16',
  'fp16',
  'fp8',
  'int8',
  'mxfp4',
  'int4',
] satisfies readonly (keyof typeof weightTypes)[];

/** Every weight type widest first: ours, then llama.cpp's file types (tried among themselves). */
export const widestFirst: readonly WeightType[] = [...plainWidestFirst, ...llamaWidestFirst];

/** The widest plain weight type (no group-wise scales) that fits; the cache keeps the asked type or its default. */
function widestFitting(
  request: MemoryRequest,
  fits: (r: MemoryRequest) => boolean,
): WeightType | null {
  // A llama.cpp file type is answered by the widest llama.cpp file type that fits.
  const family = isLlamaFileType(request.weights.dtype) ? llamaWidestFirst : plainWidestFirst;
  for (const dtype of family) {
    try {
      if (fits({ ...request, weights: { dtype } })) return dtype;
    } catch (error) {
      // A type the model cannot take (mxfp4 without routed experts) is not an answer.
      if (!(error instanceof UserError)) throw error;
    }
  }
  return null;
}
