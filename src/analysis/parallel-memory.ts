import type { Part, RepeatPart, TensorPart } from '../components/part.js';
import { formulaOf } from '../components/part.js';
import { deriveFigure } from '../derive/figure.js';
import type { Derivation } from '../derive/steps.js';
import { evaluate, type Bindings } from '../expr/evaluate.js';
import { add, label, num, sym } from '../expr/nodes.js';
import { UserError } from '../errors/user-error.js';
import type { KvCacheLayout } from '../models/spec/model-spec.js';
import type { CountedModel } from './counted-model.js';
import type { KvCacheRequest } from './kv-cache.js';
import { kvPerGpu } from './parallel-cache.js';
import { weightMemory, type WeightRequest } from './memory.js';
import {
  holdsRole,
  kvHeadsOnGpu,
  layerPositions,
  pipelineStages,
  placeTensors,
  type ParallelPlan,
  type PlacedTensor,
  type Stages,
} from './parallel.js';
import { layoutShares, shareKind, type LayoutShare } from './parallel-shares.js';

export type { LayoutShare } from './parallel-shares.js';

/** Memory per GPU under a parallel plan, for the heaviest GPU (the first of the fullest stage). */
export interface ParallelMemory {
  readonly plan: ParallelPlan;
  readonly gpus: bigint;
  readonly stages: Stages;
  /** The stage whose GPUs hold the most weights. */
  readonly heaviest: number;
  readonly shares: readonly LayoutShare[];
  /** `P_GPU = P_rep + P_split + P_exp`. */
  readonly parameters: Derivation;
  /** `M_weights,GPU = M_rep + M_split + M_exp`, in the request's weight type. */
  readonly weights: Derivation;
  /** The KV cache a GPU holds: its heads (`n_kv/t`, or one head) and its stage's layers. */
  readonly kv?: Derivation;
  /** The recurrent state a GPU holds: its mixers' heads (÷ t) and its stage's mixer layers. */
  readonly stateBytes?: bigint;
  /** Key/value heads a GPU holds, when the cache is split by heads. */
  readonly kvHeadsPerGpu?: bigint;
}

/** A copy of the tree with only `keep`'s tensors and the stage's repeat counts (a pruned model for `weightMemory`). */
function pruned(part: Part, keep: ReadonlySet<TensorPart>, counts: Map<RepeatPart, bigint>): Part {
  switch (part.kind) {
    case 'tensor':
      return keep.has(part) ? part : { ...part, kind: 'empty', reason: 'on other GPUs' };
    case 'empty':
      return part;
    case 'sum':
      return { ...part, children: part.children.map((c) => pruned(c, keep, counts)) };
    case 'repeat': {
      const n = counts.get(part);
      return {
        ...part,
        ...(n !== undefined ? { count: num(n) } : {}),
        child: pruned(part.child, keep, counts),
      };
    }
  }
}

/**
 * Memory on one GPU when the model is served over `tp × pp` GPUs, with experts over `ep` of them.
 * A GPU's bytes of a layout are the whole model's bytes of it in that type, times the GPU's share of
 * each tensor (exact: every split divides, or the plan is refused).
 */
export function parallelMemory(
  model: CountedModel & {
    readonly model?: { readonly attentionHeads?: bigint; readonly kvCache?: KvCacheLayout };
  },
  plan: ParallelPlan,
  weights: WeightRequest,
  cache?: KvCacheRequest,
  stateBytes?: bigint,
): ParallelMemory {
  const { part, bindings } = model;
  const { stacks, stages, perStage, heaviest, kvHeads } = placeOnGpus(model, plan);
  const placed = perStage[heaviest]!;
  const sizes: Record<string, bigint> = { t: plan.tp, N_p: plan.pp, N_e: plan.ep };
  const sumOf = (kind: 'rep' | 'tp' | 'ep') =>
    placed.filter((p) => shareKind(p) === kind).reduce((n, p) => n + p.share * p.copies, 0n);
  Object.assign(sizes, { P_rep: sumOf('rep'), P_split: sumOf('tp'), P_exp: sumOf('ep') });
  const terms = (base: string) =>
    add(
      ...(['rep', 'split', 'exp'] as const)
        .filter((k) => sizes[`P_${k}`]! > 0n)
        .map((k) => sym(`${base}_${k}`)),
    );
  const parameters = deriveFigure(label('P', 'GPU'), terms('P'), sizes);

  // Bytes: each share's tensors as a pruned model in the weight type, scaled by the GPU's share.
  const counts = stageCounts(part, stacks, stages, heaviest, plan, bindings);
  const bytesOf = (kind: 'rep' | 'tp' | 'ep') => {
    let bytes = 0n;
    const byRatio = new Map<string, PlacedTensor[]>();
    for (const p of placed.filter((q) => shareKind(q) === kind)) {
      const key = `${p.share}/${p.elements}`;
      byRatio.set(key, [...(byRatio.get(key) ?? []), p]);
    }
    for (const group of byRatio.values()) {
      const keep = new Set(group.map((p) => p.tensor));
      const tree = pruned(part, keep, counts);
      const memory = weightMemory(
        { part: tree, bindings, tree: { formula: formulaOf(tree) } },
        weights,
      );
      const [{ share, elements }] = group as [PlacedTensor];
      const full = memory.bytes ?? 0n;
      bytes += (full * share + elements - 1n) / elements;
    }
    return bytes;
  };
  Object.assign(sizes, { M_rep: bytesOf('rep'), M_split: bytesOf('tp'), M_exp: bytesOf('ep') });
  const weightsDerivation = deriveFigure(label('M', 'weights,GPU'), terms('M'), sizes);

  const shares = layoutShares(perStage[heaviest]!);
  const kv =
    cache && model.model?.kvCache
      ? kvPerGpu(model.model.kvCache, bindings, cache, plan, kvHeads, stacks, stages, heaviest)
      : undefined;
  const mixers = [...stacks].filter(([r]) => holdsRole(r, 'mixer')).flatMap(([, at]) => at);
  const [first, end] = stages.ranges[heaviest]!;
  const mine = BigInt(mixers.filter((p) => p >= first && p < end).length);
  const statePerGpu =
    stateBytes !== undefined && mixers.length > 0
      ? (stateBytes * mine + BigInt(mixers.length) * plan.tp - 1n) /
        (BigInt(mixers.length) * plan.tp)
      : undefined;
  return {
    plan,
    gpus: plan.tp * plan.pp,
    stages,
    heaviest,
    shares,
    parameters,
    weights: weightsDerivation,
    ...(kv ? { kv } : {}),
    ...(statePerGpu !== undefined ? { stateBytes: statePerGpu } : {}),
    ...(kvHeads !== undefined && kv ? { kvHeadsPerGpu: kvHeadsOnGpu(kvHeads, plan.tp) } : {}),
  };
}

/** The model placed stage by stage, and the stage whose GPUs hold the most parameters. */
export interface Placement {
  readonly stacks: Map<RepeatPart, number[]>;
  readonly stages: Stages;
  readonly perStage: PlacedTensor[][];
  readonly heaviest: number;
  readonly kvHeads: bigint | undefined;
}

/** Places every tensor on the GPUs of every stage; a plan the model cannot take is refused by name. */
export function placeOnGpus(
  model: CountedModel & { readonly model?: { readonly attentionHeads?: bigint } },
  plan: ParallelPlan,
): Placement {
  const { part, bindings } = model;
  const { stacks, parents, total } = layerPositions(part, bindings);
  const refuse = (field: string, value: bigint, why: string, expected: string) => {
    throw new UserError(`${field} ${value}: ${why}`, { field, received: String(value), expected });
  };
  if (plan.pp > 1n && parents.size !== 1)
    refuse(
      '--pp',
      plan.pp,
      `the layers are in ${parents.size} stacks (an encoder and a decoder, or towers), and which stage holds which is the engine's choice`,
      'a model with one stack of layers',
    );
  if (plan.pp > BigInt(total))
    refuse('--pp', plan.pp, `more stages than the model's ${total} layers`, `at most ${total}`);
  if (plan.convention === 'megatron' && BigInt(total) % plan.pp !== 0n)
    refuse(
      '--pp',
      plan.pp,
      `Megatron-LM splits the ${total} layers evenly over the stages, and ${plan.pp} does not divide them`,
      `a divisor of ${total}`,
    );
  // vLLM and Megatron give each GPU whole attention heads (`divide(total_num_heads, tp_size)`).
  const heads = bindings.n_h ?? model.model?.attentionHeads;
  if (heads !== undefined && heads % plan.tp !== 0n)
    refuse(
      '--tp',
      plan.tp,
      `the ${heads} attention heads do not split over ${plan.tp} GPUs`,
      `a divisor of ${heads}`,
    );
  if (plan.ep > 1n && !hasExperts(part))
    refuse('--ep', plan.ep, 'the model has no routed experts to spread', 'a mixture of experts');
  const stages = pipelineStages(total, Number(plan.pp));
  const kvHeads = bindings.n_kv ?? bindings.n_h ?? model.model?.attentionHeads;
  const perStage = stages.ranges.map((_, s) =>
    placeTensors(part, bindings, plan, s, stages, stacks, kvHeads),
  );
  const paramsOf = (placed: PlacedTensor[]) => placed.reduce((n, p) => n + p.share * p.copies, 0n);
  const heaviest = perStage.reduce(
    (best, placed, s) => (paramsOf(placed) > paramsOf(perStage[best]!) ? s : best),
    0,
  );
  return { stacks, stages, perStage, heaviest, kvHeads };
}

/** What the heaviest GPU holds: its parameters outside the routed experts, and inside them. */
export function gpuParameters(
  model: CountedModel & { readonly model?: { readonly attentionHeads?: bigint } },
  plan: ParallelPlan,
): { readonly dense: bigint; readonly experts: bigint } {
  const { perStage, heaviest } = placeOnGpus(model, plan);
  let dense = 0n;
  let experts = 0n;
  for (const p of perStage[heaviest]!)
    if (p.expert) experts += p.share * p.copies;
    else dense += p.share * p.copies;
  return { dense, experts };
}

const hasExperts = (part: Part): boolean =>
  part.kind === 'repeat'
    ? part.activeCount !== undefined || hasExperts(part.child)
    : part.kind === 'sum' && part.children.some(hasExperts);

/** The repeat counts of the heaviest stage: its layers of each stack, and the experts a GPU holds. */
function stageCounts(
  root: Part,
  stacks: Map<RepeatPart, number[]>,
  stages: Stages,
  stage: number,
  plan: ParallelPlan,
  bindings: Bindings,
): Map<RepeatPart, bigint> {
  const [start, end] = stages.ranges[stage]!;
  const counts = new Map<RepeatPart, bigint>();
  for (const [repeat, at] of stacks)
    counts.set(repeat, BigInt(at.filter((p) => p >= start && p < end).length));
  const visit = (part: Part) => {
    if (part.kind === 'sum') part.children.forEach(visit);
    if (part.kind !== 'repeat') return;
    if (part.activeCount !== undefined && plan.ep > 1n) {
      const n = evaluate(part.count, bindings);
      counts.set(part, (n + plan.ep - 1n) / plan.ep);
    }
    visit(part.child);
  };
  visit(root);
  return counts;
}

/** What the heaviest GPU holds in all: its weights, its cache and its state, when each is known. */
export function perGpuTotal(parallel: ParallelMemory): bigint | undefined {
  const parts = [parallel.weights.value, parallel.kv?.value ?? 0n, parallel.stateBytes ?? 0n];
  return parts.some((p) => p === undefined) ? undefined : parts.reduce((a, b) => a! + b!, 0n);
}
