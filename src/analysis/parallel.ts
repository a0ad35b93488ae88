import type { Part, RepeatPart, Role, TensorPart } from '../components/part.js';
import { evaluate, type Bindings } from '../expr/evaluate.js';
import type { Expr } from '../expr/nodes.js';
import { UserError } from '../errors/user-error.js';
import { layoutOf, type Layout, type TensorContext } from './parallel-rules.js';

/** How inference is spread over GPUs: tensor, pipeline and expert parallelism (vLLM's flags). */
export interface ParallelPlan {
  /** `--tensor-parallel-size`: GPUs each layer is split over. */
  readonly tp: bigint;
  /** `--pipeline-parallel-size`: stages the layers are split into, one after another. */
  readonly pp: bigint;
  /** Expert parallelism: GPUs the routed experts are spread over (1: split as the MLP is). */
  readonly ep: bigint;
  /**
   * Whose layout: `vllm` (the default) serves experts whole under expert parallelism and pads the
   * vocabulary to 64; `megatron` (training) also splits each expert over t
   * (`expert_tensor_parallel_size` = t) and pads the vocabulary to `128·t`
   * (`--make-vocab-size-divisible-by`).
   */
  readonly convention?: 'vllm' | 'megatron';
}

/** Whether a plan spreads the model over more than one GPU at all. */
export const spreads = (plan: ParallelPlan): boolean =>
  plan.tp > 1n || plan.pp > 1n || plan.ep > 1n;

/** One tensor as the walk meets it: its layout, its elements, and how many copies a GPU holds. */
export interface PlacedTensor {
  readonly tensor: TensorPart;
  readonly name: string;
  readonly layout: Layout;
  /** Inside routed experts, which expert parallelism spreads whole. */
  readonly expert: boolean;
  /** Held whole by the GPUs its expert is on (expert parallelism), not split. */
  readonly wholeExpert: boolean;
  /** Inside routed experts: how many of a layer's experts a GPU holds. */
  readonly experts?: bigint;
  /** Elements of one copy, and one GPU's share of them. */
  readonly elements: bigint;
  readonly share: bigint;
  /** Copies on the heaviest stage's GPU (layers in that stage × experts a GPU holds × …). */
  readonly copies: bigint;
  /** Copies in the whole model. */
  readonly allCopies: bigint;
}

/** The model's layers in pipeline order, and each stage's range of them (vLLM's partition). */
export interface Stages {
  readonly layers: bigint;
  /** `[start, end)` of each stage. */
  readonly ranges: ReadonlyArray<readonly [number, number]>;
}

/**
 * vLLM's `get_pp_indices` (`vllm/distributed/utils.py`): `L // pp` layers a stage, and the
 * remainder one each to the stages before the last, from the second-to-last backwards (the last
 * stage holds the final norm and the head, the first the embeddings).
 */
export function pipelineStages(layers: number, pp: number): Stages {
  const sizes = Array.from({ length: pp }, () => Math.floor(layers / pp));
  for (let i = 2; i < (layers % pp) + 2; i++) sizes[pp - i]! += 1;
  let start = 0;
  const ranges = sizes.map((n) => {
    const range = [start, start + n] as const;
    start += n;
    return range;
  });
  return { layers: BigInt(layers), ranges };
}

/**
 * The key/value heads one GPU holds (vLLM's `QKVParallelLinear`): `n_kv / t`, or one head,
 * replicated, when there are fewer heads than GPUs.
 */
export const kvHeadsOnGpu = (heads: bigint, t: bigint): bigint => (heads >= t ? heads / t : 1n);

/**
 * The multiple a vocabulary is padded to before its rows are split: vLLM's 64
 * (`pad_vocab_size`), Megatron-LM's `128·t` (`_vocab_size_with_padding`).
 */
export const vocabMultiple = (plan: ParallelPlan): bigint =>
  plan.convention === 'megatron' ? 128n * plan.tp : 64n;

const paddedTo = (rows: bigint, multiple: bigint) => ((rows + multiple - 1n) / multiple) * multiple;

/** Whether a part holds one of `roles` (outside routed experts). */
export function holdsRole(part: Part, ...roles: Role[]): boolean {
  if (part.role !== undefined && roles.includes(part.role)) return true;
  if (part.kind === 'sum') return part.children.some((c) => holdsRole(c, ...roles));
  if (part.kind === 'repeat' && part.activeCount === undefined)
    return holdsRole(part.child, ...roles);
  return false;
}

/** A repeat of decoder layers: one whose copies hold attention or a recurrent mixer. */
function isLayerStack(part: Part): boolean {
  return (
    part.kind === 'repeat' &&
    part.activeCount === undefined &&
    holdsRole(part.child, 'attention', 'mixer')
  );
}

/** Each layer stack's positions in the model's layer order (`indexAs`), and all of them. */
export function layerPositions(
  root: Part,
  bindings: Bindings,
): { stacks: Map<RepeatPart, number[]>; parents: Set<Part>; total: number } {
  const stacks = new Map<RepeatPart, number[]>();
  const parents = new Set<Part>();
  let next = 0;
  const visit = (part: Part, parent: Part) => {
    if (part.kind === 'repeat' && isLayerStack(part)) {
      const count = Number(evaluate(part.count, bindings));
      const at = part.indexAs?.at?.map(Number);
      const from = part.indexAs?.from && Number(evaluate(part.indexAs.from, bindings));
      const start = from ?? next;
      stacks.set(part, at ?? Array.from({ length: count }, (_, i) => start + i));
      if (!at) next = Math.max(next, start + count);
      parents.add(parent);
      return;
    }
    if (part.kind === 'sum') for (const c of part.children) visit(c, part);
    if (part.kind === 'repeat') visit(part.child, part);
  };
  visit(root, root);
  const total = [...stacks.values()].reduce((n, p) => n + p.length, 0);
  return { stacks, parents, total };
}

/** Which stage a part outside the layers sits on: embeddings first, the final norm and head last. */
const lastStageRoles = new Set<Role>(['unembedding', 'norm', 'head']);

/**
 * Every tensor of the model placed on the GPUs of one stage: its layout, a GPU's share of each
 * copy, and how many copies that stage holds. Errors name the option and the size it must divide.
 */
export function placeTensors(
  root: Part,
  bindings: Bindings,
  plan: ParallelPlan,
  stage: number,
  stages: Stages,
  positions: Map<RepeatPart, number[]>,
  kvHeads: bigint | undefined,
): PlacedTensor[] {
  const placed: PlacedTensor[] = [];
  const last = stages.ranges.length - 1;
  const [start, end] = stages.ranges[stage]!;
  const value = (e: Expr) => evaluate(e, bindings);
  const walk = (
    part: Part,
    at: TensorContext,
    copies: bigint,
    allCopies: bigint,
    expert: bigint | undefined,
    path: string,
    inLayers: boolean,
  ): void => {
    const role = part.role ?? at.role;
    const within =
      part.role === 'attention' || part.role === 'mixer' || part.role === 'mlp'
        ? part.role
        : at.within;
    const here: TensorContext = { ...at, ...(role ? { role } : {}), ...(within ? { within } : {}) };
    const name = path ? `${path}.${part.key}` : part.key;
    switch (part.kind) {
      case 'empty':
        // A tied head: the last stage keeps its own copy of the table (pipelines only).
        if (part.role === 'unembedding' && stage === last && last > 0) tiedHead = true;
        return;
      case 'tensor': {
        // Outside the layers, a part lives on one stage: the embeddings on the first, the final
        // norm and the head on the last.
        if (!inLayers && (role && lastStageRoles.has(role) ? stage !== last : stage !== 0)) return;
        const tag = firstSubscript(part);
        // One GPU a stage holds every tensor whole, but the vocabulary still padded, as both
        // engines allocate it.
        const wholeExperts = plan.ep > 1n && plan.convention !== 'megatron';
        const layout0 = layoutOf(part, { ...here, tag });
        const whole =
          (plan.tp === 1n && layout0 !== 'vocab') || (expert !== undefined && wholeExperts);
        const layout = whole ? 'replicated' : layout0;
        const elements = part.shape.reduce((n, e) => n * value(e), 1n);
        const share = shareOf(part, layout, elements, plan, kvHeads, value, name);
        const wholeExpert = expert !== undefined && plan.ep > 1n;
        placed.push({
          tensor: part,
          name,
          layout,
          expert: expert !== undefined,
          wholeExpert,
          ...(expert !== undefined ? { experts: expert } : {}),
          elements,
          share,
          copies,
          allCopies,
        });
        return;
      }
      case 'sum':
        for (const c of part.children) walk(c, here, copies, allCopies, expert, name, inLayers);
        return;
      case 'repeat': {
        const n = value(part.count);
        const stacked = positions.get(part);
        if (stacked) {
          const mine = BigInt(stacked.filter((p) => p >= start && p < end).length);
          walk(part.child, here, copies * mine, allCopies * n, expert, name, true);
          return;
        }
        if (part.activeCount !== undefined) {
          const held = plan.ep > 1n ? (n + plan.ep - 1n) / plan.ep : n;
          walk(part.child, here, copies * held, allCopies * n, held, name, inLayers);
          return;
        }
        walk(part.child, here, copies * n, allCopies * n, expert, name, inLayers);
      }
    }
  };
  let tiedHead = false;
  walk(root, {}, 1n, 1n, undefined, '', false);
  if (tiedHead) {
    const table = placeTensors(root, bindings, plan, 0, stages, positions, kvHeads).find(
      (p) => p.layout === 'vocab' && p.tensor.shape.length === 2 && !p.tensor.matrix,
    );
    if (table) placed.push({ ...table, name: 'lm_head.weight (a copy of the tied table)' });
  }
  return placed;
}

function firstSubscript(part: TensorPart): string | undefined {
  const first = part.label.subscripts[0];
  return typeof first === 'string' ? first : first?.name;
}

/** One GPU's elements of a tensor of `elements`, by its layout; an uneven split is an error. */
function shareOf(
  tensor: TensorPart,
  layout: Layout,
  elements: bigint,
  plan: ParallelPlan,
  kvHeads: bigint | undefined,
  value: (e: Expr) => bigint,
  name: string,
): bigint {
  const t = plan.tp;
  if (layout === 'replicated') return elements;
  const dims = tensor.shape.map(value);
  const divide = (what: string, size: bigint, by: bigint) => {
    if (size % by !== 0n)
      throw new UserError(`--tp ${t}: ${name} (${what} ${size}) does not split over ${by} GPUs`, {
        field: '--tp',
        received: String(t),
        expected: `a divisor of ${what} ${size}`,
      });
    return (elements / size) * (size / by);
  };
  switch (layout) {
    case 'column':
      return divide('output features', dims[dims.length - 1]!, t);
    case 'row':
      return divide('input features', dims[0]!, t);
    case 'channel':
      return divide('channels', dims[0]!, t);
    case 'kv': {
      const heads = kvHeads ?? t;
      if (heads >= t) divide('key/value heads', heads, t);
      else if (t % heads !== 0n)
        throw new UserError(`--tp ${t}: must be a multiple of the ${heads} key/value heads`, {
          field: '--tp',
          received: String(t),
          expected: `a divisor or a multiple of ${heads}`,
        });
      return (elements / heads) * kvHeadsOnGpu(heads, t);
    }
    case 'vocab': {
      const rows = tensor.matrix ? dims[dims.length - 1]! : dims[0]!;
      const padded = paddedTo(rows, vocabMultiple(plan));
      const rowsPerGpu = padded / t;
      if (padded % t !== 0n)
        throw new UserError(`--tp ${t}: the padded vocabulary (${padded}) does not split`, {
          field: '--tp',
          received: String(t),
          expected: `a divisor of ${padded}`,
        });
      return (elements / rows) * rowsPerGpu;
    }
  }
}
