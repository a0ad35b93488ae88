import type { CacheType, KvCache } from '../analysis/kv-cache.js';
import type { KvEngine, KvEngineRequest } from '../analysis/kv-engines.js';
import type { Fraction, KvBudget } from './kv-budget.js';
import type { RecurrentState } from '../analysis/recurrent-state.js';
import { cacheFigures, checkNoCache, stateFigures } from './cache-figures.js';
import {
  weightMemory,
  weightTypes,
  type WeightMemory,
  type WeightRequest,
} from '../analysis/memory.js';
import {
  trainingBindings,
  trainingMemory,
  type TrainingMemory,
  type TrainingRequest,
} from '../analysis/training.js';
import { UserError } from '../errors/user-error.js';
import { parallelMemory, type ParallelMemory } from '../analysis/parallel-memory.js';
import { spreads, type ParallelPlan } from '../analysis/parallel.js';
import { checkLlamaWeights } from './llama-weights-request.js';
import type { Report } from '../report/report.js';
import { cacheTypeFor, contextFor } from './defaults.js';
import {
  loraMemoryFigures,
  type LoraMemoryFigures,
  type LoraMemoryRequest,
} from './lora-memory-request.js';

/**
 * What `tparams memory` asks for, typed: the weights' type and storage, the cache's sizes, or a
 * training setup. Its rules (which options go together, what must divide what) are checked here,
 * once, for the CLI and the library alike; errors name the CLI's options, as the README does.
 */
export interface MemoryRequest {
  readonly weights: WeightRequest;
  /** The cache's type; default: the weights' when 16 or 32 bits, else bf16. */
  readonly kvDtype?: CacheType;
  /** The values' type when it differs from the keys' (`--v-dtype`); default the keys'. */
  readonly vDtype?: CacheType;
  /** Whose allocation rule the cache follows (`--engine`); default transformers'. */
  readonly engine?: EngineSettings;
  /** A KV budget in bytes (`--kv-budget`): the tokens, blocks and requests it holds. */
  readonly kvBudget?: bigint;
  /** The devices' bytes (`--gpu`, `--device-memory`): vLLM's and sglang's budget from them. */
  readonly deviceMemory?: bigint;
  /** Tokens of context; default: the model's longest, else 2,048. */
  readonly context?: bigint;
  readonly batch: bigint;
  /** Encoder tokens a cross-attention cache holds; default: the family's, else the context. */
  readonly source?: bigint;
  /** Training memory per GPU instead of the cache (its sequence and micro-batch: context, batch). */
  readonly training?: Omit<TrainingRequest, 'sequence' | 'microBatch'>;
  /** With `training`: LoRA (or QLoRA) fine-tuning instead of training every parameter. */
  readonly lora?: LoraMemoryRequest;
  /** Inference over several GPUs (tensor, pipeline, expert parallelism): memory per GPU beside the whole. */
  readonly parallel?: ParallelPlan;
}

/** An engine with its settings: vLLM's `gpu_memory_utilization`, sglang's `mem_fraction_static`. */
export interface EngineSettings extends KvEngineRequest {
  /** The share of the device the engine takes for weights and cache (vLLM's, sglang's). */
  readonly fraction?: Fraction;
}

/** What `tparams memory` shows: the weights, and the KV cache when the model generates. */
export interface MemoryFigures {
  readonly weights: WeightMemory;
  readonly kv?: {
    readonly dtype: CacheType;
    readonly cache: KvCache;
    /** The values' type, when it is not the keys'. */
    readonly vDtype?: CacheType;
    readonly engine?: KvEngine;
    /** llama.cpp without `kv_unified`: a stream of cells for each sequence. */
    readonly streams?: true;
    /** One sequence's cache at the context (the budget's requests divide by it). */
    readonly perSequence?: bigint;
    readonly budget?: KvBudget;
  };
  /** Recurrent layers' fixed state per sequence (Mamba, DeltaNet, convolutions), in the cache's type. */
  readonly state?: {
    readonly dtype: CacheType;
    readonly memory: RecurrentState;
    /** One sequence's state (`recurrent_state_bytes_per_sequence`). */
    readonly perSequence?: bigint;
    /** The engine whose rule the state follows, when not transformers'. */
    readonly engine?: KvEngine;
  };
  /** With `--training`: model states and activations per GPU, instead of the cache. */
  readonly training?: { readonly request: TrainingRequest; readonly memory: TrainingMemory };
  /** With `--lora`: the frozen base, the adapters and the activations, instead of `training`. */
  readonly lora?: LoraMemoryFigures;
  /** With `--tp`/`--pp`/`--ep` for inference: what the heaviest GPU holds. */
  readonly parallel?: ParallelMemory;
}

/**
 * The memory figures of a derived model for a request, after checking the request against it.
 * `derived` is the figures of a request with the same weights, when the caller has them (a search
 * over context or batch): the weights' memory is then not derived again.
 */
export function memoryFigures(
  report: Report,
  request: MemoryRequest,
  derived?: MemoryFigures,
): MemoryFigures {
  const model = report.model;
  if (!model) throw new Error('memoryFigures takes the report of a model');
  checkWeights(request.weights);
  const weights = derived?.weights ?? weightMemory(report, request.weights);
  if (request.weights.dtype === 'mxfp4' && weights.groups?.count === 0n) {
    throw new UserError(
      `--dtype mxfp4 quantizes a mixture of experts' routed experts, as gpt-oss ships it; ${model.className} has none`,
      { field: '--dtype', received: 'mxfp4', expected: 'a model with routed experts' },
    );
  }
  const context = contextFor(model, request.context);
  if (request.lora) {
    const setup = request.training && { ...request.training, sequence: context };
    const training = setup && { ...setup, microBatch: request.batch };
    return { weights, lora: loraMemoryFigures(report, weights, training, request.lora) };
  }
  const kvDtype = request.kvDtype ?? cacheTypeFor(request.weights.dtype);
  const kv = model.kvCache ? cacheFigures(report, request, context, weights) : undefined;
  if (!model.kvCache) checkNoCache(report, request);
  const stateLayout = request.training ? undefined : model.recurrentState;
  const state = stateLayout && stateFigures(report, request, stateLayout, kvDtype);
  const training = request.training
    ? trainingFigures(report, { ...request.training, sequence: context, microBatch: request.batch })
    : undefined;
  const plan = request.parallel;
  const parallel =
    plan && !training && spreads(plan)
      ? parallelMemory(
          report,
          plan,
          request.weights,
          kv && {
            dtype: kv.dtype,
            ...(kv.vDtype ? { vDtype: kv.vDtype } : {}),
            context,
            batch: request.batch,
            ...(request.source !== undefined ? { source: request.source } : {}),
            ...(request.engine ? { engine: request.engine } : {}),
          },
          state?.memory.total.value,
        )
      : undefined;
  return {
    weights,
    ...(kv ? { kv } : {}),
    ...(state ? { state } : {}),
    ...(training ? { training } : {}),
    ...(parallel ? { parallel } : {}),
  };
}

/** Group sizes go with the integer types GPTQ and AWQ store group-wise; `also` with a quantized type. */
function checkWeights(request: WeightRequest): void {
  const type = weightTypes[request.dtype];
  if ('llama' in type) checkLlamaWeights(request);
  if (request.groupSize !== undefined && !('groupwise' in type)) {
    throw new UserError(`--group-size applies to --dtype int4 or int8, not ${request.dtype}`, {
      field: '--group-size',
      received: String(request.groupSize),
      expected: 'with --dtype int4 or int8',
    });
  }
  if (request.also !== undefined && !('narrows' in type)) {
    throw new UserError(
      `--also-quantize applies to a quantized --dtype (fp8, int8, int4, mxfp4), not ${request.dtype}`,
      { field: '--also-quantize', received: alsoText(request.also) },
    );
  }
}

const alsoText = (also: NonNullable<WeightRequest['also']>) =>
  [also.embeddings ? 'embeddings' : '', also.head ? 'head' : ''].filter(Boolean).join(',');

/** Training memory, once the parallel degrees divide the GPUs, the heads and the width. */
function trainingFigures(report: Report, request: TrainingRequest): MemoryFigures['training'] {
  const t = request.tensorParallel;
  const pp = request.pipelineParallel ?? 1n;
  const ep = request.expertParallel ?? 1n;
  const divides = (field: string, degree: bigint, what: string, value: bigint | undefined) => {
    if (value !== undefined && value % degree !== 0n) {
      throw new UserError(`${field} ${degree}: must divide ${what} (${value})`, {
        field,
        received: String(degree),
        expected: `a divisor of ${what}`,
      });
    }
  };
  divides('--tp', t, '--gpus', request.gpus);
  divides('--tp', t, 'the attention heads n_h', trainingBindings(report).n_h);
  divides('--tp', t, 'the width d_model', report.bindings.d_model);
  divides('--pp', pp, '--gpus / --tp', request.gpus / t);
  // Megatron-core draws the expert-parallel groups from the data-parallel GPUs.
  divides('--ep', ep, 'the data-parallel GPUs --gpus / (--tp·--pp)', request.gpus / (t * pp));
  return { request, memory: trainingMemory(report, request) };
}
