import type { KvEngine } from '../analysis/kv-engines.js';
import type { CacheType } from '../analysis/kv-cache.js';
import type { Part } from '../components/part.js';
import { evaluate, type Bindings } from '../expr/evaluate.js';
import type { TargetModules } from '../analysis/lora-match.js';
import { peftDefaultTargets } from '../analysis/lora-defaults.js';
import { weightTypes, type WeightType } from '../analysis/memory.js';
import type { TrainingRequest } from '../analysis/training.js';
import { UserError } from '../errors/user-error.js';
import type { GpuRequest } from '../hardware/gpu-table.js';
import type { Report } from '../report/report.js';
import { fitsOn, type Fits } from './fits.js';
import type { LoraMemoryFigures } from './lora-memory-request.js';
import { loraFigures, type LoraFigures, type LoraRequest } from './lora-request.js';
import { memoryFigures, type MemoryRequest } from './memory-request.js';
import { speedFigures, type SpeedFigures } from './speed-request.js';

/** LoRA as a document's figures assume it: the rank, α and the targets (PEFT's default by model_type). */
export interface FigureLora {
  readonly rank: bigint;
  /** `lora_alpha`; PEFT's default 8. It scales the update and adds no parameter. */
  readonly alpha?: number;
  /** The modules to adapt; default: PEFT's for the model's `model_type`. */
  readonly targetModules?: TargetModules;
}

/**
 * What a document shows with no LoRA asked for: PEFT's `LoraConfig` defaults, r = 8 and
 * lora_alpha = 8 (peft/tuners/lora/config.py), on PEFT's default targets.
 */
export const defaultFigureLora = { rank: 8n, alpha: 8 } as const;

/**
 * Fine-tuning as `tparams memory --training --qlora` sizes it by default: AdamW, one GPU, no ZeRO,
 * no tensor parallelism, no recomputation (the command's option defaults).
 */
const qloraTraining: Omit<TrainingRequest, 'sequence' | 'microBatch'> = {
  optimizer: 'adamw',
  zero: 0,
  gpus: 1n,
  tensorParallel: 1n,
  sequenceParallel: false,
  recompute: 'none',
};

/** The sizing a document shows beside memory and compute: LoRA, QLoRA, and with GPUs speed and fits. */
export interface SizingFigures {
  /** PEFT's trainable count at the rank (absent when the model has no default targets and none are given). */
  readonly lora?: LoraFigures;
  /** `tparams memory --training --qlora` at the same rank, sequence n_ctx, micro-batch 1. */
  readonly qlora?: LoraMemoryFigures;
  /** `tparams speed` on the GPUs at n_ctx, batch 1 (absent without GPUs, or for an encoder). */
  readonly speed?: SpeedFigures;
  /** `tparams memory --gpu`: the longest context, largest batch and widest weight type that fit. */
  readonly fits?: Fits;
}

/** The sizes a document's sizing assumes: its weight and cache types, its context, the GPUs and LoRA. */
export interface SizingRequest {
  readonly dtype: WeightType;
  readonly kvDtype: CacheType;
  readonly context: bigint;
  readonly gpu?: GpuRequest;
  /** `false`: no LoRA rows; undefined: PEFT's defaults where the model has default targets. */
  readonly lora?: FigureLora | false;
  /** The cache convention the roofline and the fits follow; default transformers'. */
  readonly engine?: KvEngine;
}

/**
 * A figure the defaults ask for and the model cannot give (an encoder has no decode speed, a
 * default target list that matches nothing) is left out; one the caller asked for by name throws.
 */
function unlessRefused<T>(asked: boolean, figure: () => T): T | undefined {
  try {
    return figure();
  } catch (error) {
    if (asked || !(error instanceof UserError)) throw error;
    return undefined;
  }
}

/**
 * Named tensors a default LoRA row may walk: far above any real model (DeepSeek-V3 names about
 * 90,000), low enough that a document of a config with a hundred thousand layers stays quick
 * (LoRA matches module names one by one, so its walk grows with every copy of a layer).
 */
const defaultLoraNames = 200_000n;

/** How many tensors a tree names, counted from its repeats (no names built), or undefined if unknown. */
function namedTensors(part: Part, bindings: Bindings): bigint | undefined {
  switch (part.kind) {
    case 'tensor':
      return 1n;
    case 'sum':
      return part.children.reduce<bigint | undefined>((n, c) => {
        const m = namedTensors(c, bindings);
        return n === undefined || m === undefined ? undefined : n + m;
      }, 0n);
    case 'repeat': {
      if (part.stored) return BigInt(part.stored.length);
      const inner = namedTensors(part.child, bindings);
      try {
        return inner === undefined ? undefined : evaluate(part.count, bindings) * inner;
      } catch {
        return undefined;
      }
    }
    default:
      return 0n;
  }
}

/** The type QLoRA keeps the rest of the model in: the document's when 16 or 32 bits, else bf16. */
const wideType = (dtype: WeightType): WeightType =>
  'narrows' in weightTypes[dtype] || weightTypes[dtype].bits < 16 ? 'bf16' : dtype;

/**
 * LoRA, QLoRA, speed and fits for a document, each from the request the matching command makes
 * (`lora`, `memory --training --qlora`, `speed`, `memory --gpu`), so a document's figure is the
 * command's figure: every one at the document's context and batch 1.
 */
export function sizingFigures(report: Report, request: SizingRequest): SizingFigures {
  const model = report.model;
  if (!model) return {};
  const asked = request.lora !== undefined && request.lora !== false;
  const loraSettings: FigureLora | undefined =
    request.lora === false ? undefined : (request.lora ?? defaultFigureLora);
  // PEFT's defaults show only where PEFT has default targets; a rank asked for is always tried.
  const names = asked ? 0n : namedTensors(report.part, report.bindings);
  const hasTargets =
    asked ||
    (peftDefaultTargets[model.modelType] !== undefined &&
      names !== undefined &&
      names <= defaultLoraNames);
  const loraRequest: LoraRequest | undefined =
    loraSettings && hasTargets
      ? {
          rank: loraSettings.rank,
          alpha: loraSettings.alpha ?? defaultFigureLora.alpha,
          ...(loraSettings.targetModules ? { targets: loraSettings.targetModules } : {}),
        }
      : undefined;
  const lora = loraRequest && unlessRefused(asked, () => loraFigures(report, loraRequest));
  const qlora =
    lora &&
    loraRequest &&
    unlessRefused(
      false,
      () =>
        memoryFigures(report, {
          weights: { dtype: wideType(request.dtype) },
          context: request.context,
          batch: 1n,
          training: qloraTraining,
          lora: { lora: loraRequest, qlora: true, adapterDtype: 'fp32' },
        }).lora,
    );
  const { gpu } = request;
  const inference: MemoryRequest = {
    weights: { dtype: request.dtype },
    kvDtype: request.kvDtype,
    context: request.context,
    batch: 1n,
    ...(request.engine ? { engine: { name: request.engine } } : {}),
  };
  const speed = gpu && unlessRefused(false, () => speedFigures(report, { ...inference, gpu }));
  const fits = gpu && unlessRefused(false, () => fitsOn(report, inference, gpu));
  return {
    ...(lora ? { lora } : {}),
    ...(qlora ? { qlora } : {}),
    ...(speed ? { speed } : {}),
    ...(fits ? { fits } : {}),
  };
}
