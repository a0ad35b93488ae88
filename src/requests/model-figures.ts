import type { Derivation } from '../derive/steps.js';
import type { FactoringRules } from '../expr/human-factor.js';
import type { Report } from '../report/report.js';
import { computeFigures } from '../analysis/compute.js';
import { kvCache, type CacheType } from '../analysis/kv-cache.js';
import { weightMemory, type WeightType } from '../analysis/memory.js';
import { trainingBindings, trainingMemory } from '../analysis/training.js';

/** What a figure measures, for the words documents put around it. */
export type FigureKey =
  | 'weights'
  | 'kvPerToken'
  | 'kvContext'
  | 'trainingStates'
  | 'forward'
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
  /** The element type the weights and the cache are counted in (their captions say it). */
  readonly dtype: FigureDtype;
  /** Every size the figures bind beyond the model's (n_ctx, B, …), for the symbol table. */
  readonly sizes: Readonly<Record<string, bigint>>;
}

/** The byte-wide types a figure may assume for weights and cache alike. */
export const figureDtypes = [
  'bf16',
  'fp16',
  'fp32',
  'fp8',
  'int8',
] as const satisfies ReadonlyArray<WeightType & CacheType>;
export type FigureDtype = (typeof figureDtypes)[number];

/** What the figures assume when a reader changes it (the web page does): the element type and the context. */
export interface FigureOptions {
  readonly dtype?: FigureDtype;
  readonly context?: bigint;
}

/**
 * The memory and compute figures of a model at the defaults `tparams memory` and `tparams flops`
 * use: weights in bf16; the KV cache in bf16 a token and for the model's context, batch 1; model
 * states under mixed-precision Adam on one GPU (ZeRO paper); forward FLOPs a token at that context
 * (Kaplan et al.); Chinchilla's compute-optimal tokens. `options` changes the type and the context.
 */
export function modelFigures(
  report: Report,
  rules: FactoringRules,
  options: FigureOptions = {},
): ModelFigures | undefined {
  const model = report.model;
  if (!model || report.total === undefined) return undefined;
  const context = options.context ?? model.contextLength ?? 2048n;
  const dtype = options.dtype ?? 'bf16';
  const memory: ModelFigure[] = [
    {
      key: 'weights',
      unit: 'bytes',
      derivation: weightMemory(report.part, report.tree.formula, report.bindings, dtype, rules)
        .derivation,
    },
  ];
  let sizes: Record<string, bigint> = { n_ctx: context };
  if (model.kvCache) {
    const cache = kvCache(model.kvCache, report.bindings, { dtype, context, batch: 1n });
    memory.push(
      { key: 'kvPerToken', unit: 'bytes', derivation: cache.perToken },
      { key: 'kvContext', unit: 'bytes', derivation: cache.total },
    );
    sizes = { ...sizes, ...cache.sizes };
  }
  const training = trainingMemory(
    report.part,
    report.tree.formula,
    trainingBindings(report),
    {
      optimizer: 'adam',
      zero: 0,
      gpus: 1n,
      tensorParallel: 1n,
      sequenceParallel: false,
      recompute: 'none',
      sequence: context,
      microBatch: 1n,
    },
    rules,
  );
  memory.push({ key: 'trainingStates', unit: 'bytes', derivation: training.modelStates });
  const compute = computeFigures(
    report.part,
    report.tree.formula,
    report.bindings,
    context,
    undefined,
    rules,
  );
  return {
    memory,
    compute: [
      ...(compute.forward
        ? [{ key: 'forward' as const, unit: 'FLOPs' as const, derivation: compute.forward }]
        : []),
      { key: 'chinchilla', unit: 'tokens', derivation: compute.chinchillaTokens },
    ],
    context,
    dtype,
    sizes,
  };
}
