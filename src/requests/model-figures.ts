import type { Derivation } from '../derive/steps.js';
import type { Report } from '../report/report.js';
import type { CacheType } from '../analysis/kv-cache.js';
import type { KvEngine } from '../analysis/kv-engines.js';
import type { WeightType } from '../analysis/memory.js';
import { flopsFigures } from './compute-request.js';
import { contextFor, defaultWeightType } from './defaults.js';
import { memoryFigures } from './memory-request.js';
import { recurrentState } from '../analysis/recurrent-state.js';
import { evaluate } from '../expr/evaluate.js';
import type { GpuRequest } from '../hardware/gpu-table.js';
import { sizingFigures, type FigureLora, type SizingFigures } from './sizing-figures.js';

export type { FigureLora, SizingFigures };

/** What a figure measures, for the words documents put around it. */
export type FigureKey =
  | 'weights'
  | 'kvPerToken'
  | 'kvContext'
  | 'recurrentState'
  | 'trainingStates'
  | 'forward'
  | 'perImage'
  | 'chinchilla';

export interface ModelFigure {
  readonly key: FigureKey;
  readonly unit: 'bytes' | 'FLOPs' | 'tokens';
  readonly derivation: Derivation;
}

/** The figures a model document shows beside its count, and the sizes they assume. */
export interface ModelFigures {
  readonly memory: readonly ModelFigure[];
  readonly compute: readonly ModelFigure[];
  /** Tokens of context the cache and the forward pass assume: the model's longest, else 2,048. */
  readonly context: bigint;
  /** The element type the weights are counted in (their captions say it). */
  readonly dtype: FigureDtype;
  /** The cache's (and a recurrent state's) element type: the weights' unless another is asked for. */
  readonly kvDtype: CacheType;
  /** The engine the cache figures follow, when one was asked for. */
  readonly engine?: KvEngine;
  /** LoRA and QLoRA at a rank, and with GPUs the roofline's bounds and what fits. */
  readonly sizing: SizingFigures;
  /** Every size the figures bind beyond the model's (n_ctx, B, …), for the symbol table. */
  readonly sizes: Readonly<Record<string, bigint>>;
}

/**
 * The byte-wide types a figure may assume for weights and cache alike (defaults.ts's
 * `byteWideTypes`, a test checks), in the web page's menu order: the default first.
 */
export const figureDtypes = [
  'bf16',
  'fp16',
  'fp32',
  'fp8',
  'int8',
] as const satisfies ReadonlyArray<WeightType & CacheType>;
export type FigureDtype = (typeof figureDtypes)[number];

/**
 * What the figures assume when a reader changes it (the web page does, and `tparams derive`'s
 * document options): the element types, the context, the GPUs and LoRA.
 */
export interface FigureOptions {
  readonly dtype?: FigureDtype;
  /** The KV cache's type apart from the weights' (`--kv-dtype`); default: the weights'. */
  readonly kvDtype?: CacheType;
  readonly context?: bigint;
  /** GPUs from the table (`NAME[xN]`): adds the roofline's bounds and what fits. */
  readonly gpu?: GpuRequest;
  /** LoRA's rank, α and targets; default r = 8 on PEFT's targets; `false` leaves LoRA out. */
  readonly lora?: FigureLora | false;
  /** Whose cache convention the cache, the roofline and the fits follow; default transformers'. */
  readonly engine?: KvEngine;
}

/**
 * The memory and compute figures of a model at the defaults `tparams memory` and `tparams flops`
 * use: weights in bf16; the KV cache in bf16 a token and for the model's context, batch 1; model
 * states under mixed-precision Adam on one GPU (ZeRO paper); forward FLOPs a token at that context
 * (Kaplan et al.); Chinchilla's compute-optimal tokens; LoRA at r = 8 on PEFT's default targets and
 * QLoRA's fine-tuning memory at that rank. `options` changes the types, the context and LoRA, and
 * GPUs add the roofline's bounds (tokens a second, prefill, first token) and what fits on them.
 */
export function modelFigures(
  report: Report,
  options: FigureOptions = {},
): ModelFigures | undefined {
  const model = report.model;
  if (!model || report.total === undefined) return undefined;
  const context = contextFor(model, options.context);
  const dtype = options.dtype ?? defaultWeightType;
  const kvDtype = options.kvDtype ?? dtype;
  const engine = options.engine && options.engine !== 'transformers' ? options.engine : undefined;
  const figures = memoryFigures(report, {
    weights: { dtype },
    kvDtype,
    context,
    batch: 1n,
    ...(engine ? { engine: { name: engine } } : {}),
    // Model states under mixed-precision Adam on one GPU, as the ZeRO paper's first figure.
    training: {
      optimizer: 'adam',
      zero: 0,
      gpus: 1n,
      tensorParallel: 1n,
      sequenceParallel: false,
      recompute: 'none',
    },
  });
  const memory: ModelFigure[] = [
    { key: 'weights', unit: 'bytes', derivation: figures.weights.derivation },
  ];
  let sizes: Record<string, bigint> = { n_ctx: context };
  if (figures.kv) {
    const { cache } = figures.kv;
    memory.push(
      { key: 'kvPerToken', unit: 'bytes', derivation: cache.perToken },
      { key: 'kvContext', unit: 'bytes', derivation: cache.total },
    );
    sizes = { ...sizes, ...cache.sizes };
  }
  if (model.recurrentState) {
    // Training memory leaves the state out; a document shows it beside the cache, one sequence.
    const state = recurrentState(model.recurrentState, report.bindings, {
      dtype: kvDtype,
      batch: 1n,
    });
    memory.push({ key: 'recurrentState', unit: 'bytes', derivation: state.total });
    sizes = { ...sizes, ...state.sizes };
  }
  memory.push({
    key: 'trainingStates',
    unit: 'bytes',
    derivation: figures.training!.memory.modelStates,
  });
  const compute = flopsFigures(report, { context });
  if (compute.perImage && model.imageTower)
    sizes = { ...sizes, n_img: evaluate(model.imageTower.tokens, report.bindings) };
  return {
    memory,
    compute: [
      ...(compute.forward
        ? [{ key: 'forward' as const, unit: 'FLOPs' as const, derivation: compute.forward }]
        : []),
      ...(compute.perImage
        ? [{ key: 'perImage' as const, unit: 'FLOPs' as const, derivation: compute.perImage }]
        : []),
      { key: 'chinchilla', unit: 'tokens', derivation: compute.chinchillaTokens },
    ],
    context,
    dtype,
    kvDtype,
    ...(engine ? { engine } : {}),
    sizing: sizingFigures(report, {
      dtype,
      kvDtype,
      context,
      ...(engine ? { engine } : {}),
      ...(options.gpu ? { gpu: options.gpu } : {}),
      ...(options.lora !== undefined ? { lora: options.lora } : {}),
    }),
    sizes,
  };
}
