import {
  adapterMemory,
  loraTrainingTotal,
  qloraBase,
  type AdapterType,
  type QloraBase,
} from '../analysis/lora-memory.js';
import { modelModules } from '../analysis/lora-modules.js';
import { weightTypes, type WeightMemory, type WeightType } from '../analysis/memory.js';
import { trainingMemory, type TrainingRequest } from '../analysis/training.js';
import type { Derivation } from '../derive/steps.js';
import { UserError } from '../errors/user-error.js';
import type { Report } from '../report/report.js';
import { loraFigures, type LoraFigures, type LoraRequest } from './lora-request.js';

/** `tparams memory --training --lora [--qlora]`: the adapters, and how the frozen base is stored. */
export interface LoraMemoryRequest {
  readonly lora: LoraRequest;
  /** The base in NF4 with double quantization, as QLoRA loads it through bitsandbytes. */
  readonly qlora: boolean;
  readonly adapterDtype: AdapterType;
}

/** LoRA training memory a GPU, each figure a derivation. */
export interface LoraMemoryFigures {
  readonly lora: LoraFigures;
  readonly training: TrainingRequest;
  readonly qlora: boolean;
  readonly adapterDtype: AdapterType;
  /** `--dtype`: the frozen base's type (with QLoRA, of what stays wide). */
  readonly dtype: WeightType;
  /** The frozen base: the weights in `--dtype` (LoRA) or in NF4 (QLoRA, then `nf4` says how). */
  readonly base: {
    readonly derivation: Derivation;
    readonly unit: 'bytes' | 'bits';
    readonly bytes?: bigint;
  };
  readonly nf4?: QloraBase;
  readonly adapters: Derivation;
  readonly activations?: Derivation;
  readonly activationsWhy?: string;
  readonly total: Derivation;
}

/** Why a training option does not go with LoRA here, or nothing. */
function unsupported(training: TrainingRequest): string | undefined {
  if (training.zero !== 0) return `--zero ${training.zero}`;
  if (training.tensorParallel !== 1n) return `--tp ${training.tensorParallel}`;
  if (training.optimizer === 'adafactor') return '--optimizer adafactor';
  return undefined;
}

/**
 * LoRA training memory for a derived model: the frozen base (the weights by `--dtype`, or NF4
 * with `--qlora`), the trainable parameters with their gradients and optimizer states, and the
 * activations as full training estimates them (backpropagation through the frozen layers keeps
 * them all). Checked first: `--lora` goes with `--training`, ZeRO stage 0, one tensor-parallel
 * rank, an optimizer without factored statistics, and `--qlora` with a 16- or 32-bit `--dtype`.
 */
export function loraMemoryFigures(
  report: Report,
  weights: WeightMemory,
  training: TrainingRequest | undefined,
  request: LoraMemoryRequest,
): LoraMemoryFigures {
  if (!training)
    throw new UserError('--lora sizes training memory: add --training', { field: '--lora' });
  const refused = unsupported(training);
  if (refused)
    throw new UserError(
      `${refused} with --lora: not modelled (every GPU holds the whole frozen base and the adapters); use --zero 0, --tp 1 and adamw, adam, adam-8bit or sgd`,
      { field: refused.split(' ')[0]!, received: refused.split(' ')[1] },
    );
  const dtype: WeightType = weights.dtype;
  const keptBits = weightTypes[dtype].bits;
  if (request.qlora && ('narrows' in weightTypes[dtype] || 'llama' in weightTypes[dtype]))
    throw new UserError(
      `--qlora stores the Linear weights in NF4 and the rest in --dtype: expected fp32, fp16 or bf16, not ${dtype}`,
      { field: '--dtype', received: dtype, expected: 'fp32, fp16 or bf16' },
    );
  const lora = loraFigures(report, request.lora);
  const nf4 = request.qlora
    ? qloraBase(report, modelModules(report.part, report.bindings), keptBits)
    : undefined;
  const base = nf4
    ? { derivation: nf4.base, unit: 'bits' as const, ...(nf4.bytes ? { bytes: nf4.bytes } : {}) }
    : {
        derivation: weights.derivation,
        unit: weights.unit,
        ...(weights.bytes !== undefined ? { bytes: weights.bytes } : {}),
      };
  const adapters = adapterMemory(lora.count, training.optimizer, request.adapterDtype);
  const full = trainingMemory(report, training);
  const total = loraTrainingTotal(
    { label: base.derivation.label, ...(base.bytes !== undefined ? { bytes: base.bytes } : {}) },
    adapters,
    full.activations,
  );
  return {
    lora,
    training,
    qlora: request.qlora,
    adapterDtype: request.adapterDtype,
    dtype,
    base,
    ...(nf4 ? { nf4 } : {}),
    adapters,
    ...(full.activations ? { activations: full.activations } : {}),
    ...(full.activationsWhy ? { activationsWhy: full.activationsWhy } : {}),
    total,
  };
}
