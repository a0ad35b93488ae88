import { humanFactored } from '../expr/human-factor.js';
import { add, label, mul, num, pow, ref, sym, type Expr } from '../expr/nodes.js';
import { evaluate, type Bindings } from '../expr/evaluate.js';
import { deriveFigure } from '../derive/figure.js';
import type { Derivation } from '../derive/steps.js';
import type { Part } from '../components/part.js';
import { factoringRules } from '../derive/notation-rules.js';
import { closedFormOf, type CountedModel } from './counted-model.js';
import { layerCount } from './layer-count.js';
import { gpuParameters } from './parallel-memory.js';

/**
 * Optimizers under mixed precision, as the ZeRO paper counts them (Rajbhandari et al. 2019, §3.1):
 * 2 bytes per parameter for the 16-bit weights, 2 for their gradients, and K bytes of optimizer state
 * a parameter. Adafactor keeps, beside the fp32 master weights, one row and one column of second
 * moments for each matrix instead of a full tensor (Shazeer & Stern 2018), so its state follows
 * the shapes, not the count alone.
 */
export const optimizers = {
  adam: {
    k: 12,
    state: 'an fp32 master copy, momentum and variance: 4 + 4 + 4 bytes per parameter',
  },
  adamw: {
    k: 12,
    state: 'an fp32 master copy, momentum and variance: 4 + 4 + 4 bytes per parameter',
  },
  'adam-8bit': {
    k: 6,
    state:
      'an fp32 master copy (4 bytes) and 8-bit momentum and variance (1 + 1; bitsandbytes, its per-block scales left out)',
  },
  sgd: { k: 8, state: 'an fp32 master copy and momentum: 4 + 4 bytes per parameter' },
  adafactor: {
    k: 4,
    state:
      'an fp32 master copy (4 bytes per parameter) and fp32 factored second moments: a row and a column for each matrix, the whole tensor for vectors',
  },
} as const;
export type Optimizer = keyof typeof optimizers;

/** Which activations are kept for the backward pass (Korthikanti et al. 2022). */
export type Recompute = 'none' | 'selective' | 'full';

export interface TrainingRequest {
  readonly optimizer: Optimizer;
  /** ZeRO stage: 1 partitions optimizer states, 2 also gradients, 3 also parameters, over the data-parallel GPUs. */
  readonly zero: 0 | 1 | 2 | 3;
  readonly gpus: bigint;
  /** Tensor-parallel degree t (GPUs a layer is split over); data parallel is gpus / (t·N_p). */
  readonly tensorParallel: bigint;
  /** Pipeline stages N_p (Megatron-LM: the layers split evenly); default 1. */
  readonly pipelineParallel?: bigint;
  /** Expert-parallel degree N_e: each GPU trains ⌈E / N_e⌉ of a layer's experts (from the data-parallel GPUs); default 1. */
  readonly expertParallel?: bigint;
  /** Megatron's sequence parallelism: the norms' and dropouts' activations split over t too. */
  readonly sequenceParallel: boolean;
  readonly recompute: Recompute;
  /** Sequence length s and micro-batch b a GPU. */
  readonly sequence: bigint;
  readonly microBatch: bigint;
}

export interface TrainingMemory {
  /** Weights, gradients and optimizer states a GPU. */
  readonly modelStates: Derivation;
  /** What a partition holds: `P_shard = ⌈P_model / N_d⌉` (and for Adafactor the shard of its statistics). */
  readonly shards: ReadonlyArray<{
    readonly name: string;
    readonly of: string;
    readonly value: bigint;
  }>;
  /** Activations kept for the backward pass a GPU, all layers. */
  /** Absent, with `activationsWhy`, where the model has no single width and head count to put in the formula. */
  readonly activations?: Derivation;
  readonly activationsWhy?: string;
  /** States and activations; the states alone when activations are not estimated. */
  readonly total: Derivation;
  /** The sizes the figures used beyond the model's. */
  readonly sizes: Readonly<Record<string, bigint>>;
}

/** Elements of Adafactor's factored second moments: rows + columns of each ≥2-d tensor, the tensor itself otherwise. */
function factoredStatistics(part: Part): Expr {
  switch (part.kind) {
    case 'tensor': {
      if (part.shape.length < 2) return mul(...part.shape);
      const leading = part.shape.slice(0, -2);
      return add(mul(...part.shape.slice(0, -1)), mul(...leading, part.shape.at(-1)!));
    }
    case 'sum':
      return add(...part.children.map(factoredStatistics));
    case 'repeat':
      return mul(part.count, factoredStatistics(part.child));
    case 'empty':
      return num(0);
  }
}

/** A model's sizes for training figures: its bindings, with the config's head count where the parameter count has no `n_h` (GPT-2, BERT). */
export function trainingBindings(report: {
  readonly bindings: Bindings;
  readonly model?: { readonly attentionHeads?: bigint };
}): Bindings {
  const heads = report.model?.attentionHeads;
  return {
    ...report.bindings,
    ...(report.bindings.n_h === undefined && heads !== undefined ? { n_h: heads } : {}),
  };
}

const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;

/**
 * Training memory per GPU as derivations. Model states: `(2 + 2 + K)·P_model`, each term divided over
 * the `N_d` data-parallel GPUs from the ZeRO stage that partitions it on (a shard `P_shard =
 * ⌈P_model / N_d⌉` a GPU; tensor parallelism splits the model over t first). Activations per
 * layer (Korthikanti et al. 2022, Table 2, 16-bit activations of a GPT layer):
 * `s·b·h·(34 + 5·a·s/h)` without parallelism, `/t` with tensor and sequence parallelism,
 * `s·b·h·(10 + 24/t + 5·a·s/(h·t))` with tensor parallelism alone; selective recomputation drops
 * the `5·a·s/h` attention term, full recomputation keeps only each layer's input, `2·s·b·h`.
 */
export function trainingMemory(
  model: CountedModel & { readonly model?: { readonly attentionHeads?: bigint } },
  request: TrainingRequest,
): TrainingMemory {
  const { part } = model;
  const bindings = trainingBindings(model);
  const total = closedFormOf(model);
  const rules = factoringRules();
  const t = request.tensorParallel;
  const pp = request.pipelineParallel ?? 1n;
  const ep = request.expertParallel ?? 1n;
  const dataParallel = request.gpus / (t * pp);
  const optimizer = optimizers[request.optimizer];
  const sizes: Record<string, bigint> = {
    s: request.sequence,
    b: request.microBatch,
    N_d: dataParallel,
    t,
    ...(pp > 1n ? { N_p: pp } : {}),
    ...(ep > 1n ? { N_e: ep } : {}),
  };
  const all = { ...bindings, ...sizes };
  const P = ref(label('P', 'model'), total);
  const shards: Array<{ name: string; of: string; value: bigint }> = [];

  // What each GPU holds of the model before ZeRO: everything, or its stage's share of each tensor
  // in Megatron-LM's layout under tensor, pipeline and expert parallelism.
  const totalValue = evaluateOrUndefined(total, bindings);
  const shardOf = (name: string, of: string, value: bigint | undefined, divisor: bigint): Expr => {
    if (value === undefined) return sym(name);
    const shard = ceilDiv(value, divisor);
    sizes[name] = shard;
    all[name] = shard;
    shards.push({ name, of, value: shard });
    return sym(name);
  };
  const parallel = t > 1n || pp > 1n || ep > 1n;
  const held = parallel
    ? gpuParameters(model, { tp: t, pp, ep, convention: 'megatron' })
    : undefined;
  const perGpu = held
    ? shardOf('P_tp', "what a GPU holds (Megatron-LM's layout)", held.dense + held.experts, 1n)
    : P;
  const perGpuValue = held ? held.dense + held.experts : totalValue;
  // ZeRO partitions a GPU's states over the data-parallel GPUs; with expert parallelism the experts'
  // over the N_d / N_e GPUs that hold the same experts (Megatron-core's expert data parallelism).
  const partitionedValue =
    held && ep > 1n
      ? ceilDiv(held.dense, dataParallel) + ceilDiv(held.experts, dataParallel / ep)
      : perGpuValue !== undefined
        ? ceilDiv(perGpuValue, dataParallel)
        : undefined;
  const partitioned =
    request.zero > 0 && dataParallel > 1n
      ? shardOf(
          'P_shard',
          ep > 1n
            ? '⌈P_dense / N_d⌉ + ⌈P_experts / (N_d / N_e)⌉'
            : `⌈${held ? 'P_tp' : 'P_model'} / N_d⌉`,
          partitionedValue,
          1n,
        )
      : perGpu;
  const weights = request.zero >= 3 ? partitioned : perGpu;
  const gradients = request.zero >= 2 ? partitioned : perGpu;
  const states = request.zero >= 1 ? partitioned : perGpu;
  // Nothing partitioned: one count carries all three, written (2 + 2 + K)·P as the ZeRO paper does.
  const terms: Expr[] =
    weights === gradients && gradients === states
      ? [mul(add(num(2), num(2), num(optimizer.k)), weights)]
      : [mul(num(2), weights), mul(num(2), gradients), mul(num(optimizer.k), states)];
  if (request.optimizer === 'adafactor') {
    const stats = ref(label('S', 'factored'), humanFactored(factoredStatistics(part), rules));
    const divisor = t * pp * (request.zero >= 1 && dataParallel > 1n ? dataParallel : 1n);
    const statsValue = evaluateOrUndefined(stats.body, bindings);
    terms.push(
      mul(
        num(4),
        divisor > 1n
          ? shardOf(
              'S_shard',
              `⌈S_factored / ${t > 1n ? 't·' : ''}${pp > 1n ? 'N_p·' : ''}N_d⌉`,
              statsValue,
              divisor,
            )
          : stats,
      ),
    );
  }
  const modelStates = deriveFigure(label('M', 'states'), add(...terms), all);
  // Korthikanti's formula needs one width and one head count; two towers (CLIP) have two of each.
  if (bindings.d_model === undefined || bindings.n_h === undefined) {
    const why =
      'not estimated: the activation formula needs one width d_model and one head count n_h, and this model has none or several (two towers)';
    return { modelStates, shards, activationsWhy: why, total: modelStates, sizes };
  }

  const h = sym('d_model');
  const heads = sym('n_h');
  const s = sym('s');
  const b = sym('b');
  const sbh = (coefficient: number, sharded: boolean) =>
    sharded
      ? mul(
          num(coefficient),
          s,
          b,
          shardOf('h_t', `${bindings.d_model} / ${t}`, bindings.d_model, t),
        )
      : mul(num(coefficient), s, b, h);
  const attentionScores = () =>
    mul(
      num(5),
      t > 1n ? shardOf('n_ht', `${bindings.n_h} / ${t}`, bindings.n_h, t) : heads,
      pow(s, 2),
      b,
    );
  const layers = layerCount(bindings);
  let perLayer: Expr;
  const split = t > 1n;
  const sp = split && request.sequenceParallel;
  if (request.recompute === 'full') perLayer = sbh(2, sp);
  else if (!split || sp)
    perLayer =
      request.recompute === 'selective' ? sbh(34, split) : add(sbh(34, split), attentionScores());
  else
    perLayer = add(
      sbh(10, false),
      sbh(24, true),
      ...(request.recompute === 'selective' ? [] : [attentionScores()]),
    );
  const activations = deriveFigure(label('M', 'act'), mul(layers, perLayer), all);
  const totalMemory = deriveFigure(
    label('M', 'train'),
    add(
      ref(label('M', 'states'), modelStates.steps[0]!.expr),
      ref(label('M', 'act'), activations.steps[0]!.expr),
    ),
    all,
  );
  return { modelStates, shards, activations, total: totalMemory, sizes };
}

function evaluateOrUndefined(expr: Expr, bindings: Bindings): bigint | undefined {
  try {
    return evaluate(expr, bindings);
  } catch {
    return undefined;
  }
}
