import { childrenOf, type Part, type TensorPart } from '../components/part.js';
import type { Bindings } from '../expr/evaluate.js';
import { labelKey, type Expr } from '../expr/nodes.js';
import { expectedParameters, type ExpectedParameter } from './expected-parameters.js';

/**
 * What PEFT's LoRA wraps a module in, by the module's PyTorch class (peft/tuners/lora/model.py,
 * `_create_new_module`): `nn.Linear` and transformers' `Conv1D` (GPT-2) get `lora_A [r, in]` and
 * `lora_B [out, r]`, an `nn.Embedding` `lora_embedding_A [r, rows]` and `lora_embedding_B [dim, r]`.
 * A convolution has a LoRA of its own (a kernel-sized `lora_A`) that this count leaves out; any
 * other module (a norm, an attention block) PEFT refuses.
 */
export type ModuleKind = 'linear' | 'conv1d' | 'embedding' | 'conv' | 'other';

/** The module kinds LoRA adapts here, with `r·(in + out)` parameters each. */
export const adaptedKinds: ReadonlySet<ModuleKind> = new Set(['linear', 'conv1d', 'embedding']);

/**
 * One weight of the tree and every module named for it: the L copies of `q_proj` in a stack are
 * one group, with the counts of the repeats around it (`L`), so a derivation can say `L·r·(…)`.
 */
export interface ModuleGroup {
  readonly kind: ModuleKind;
  /** The weight (of a Linear, Conv1D or Embedding; for other modules, their first tensor). */
  readonly tensor: TensorPart;
  /** Input and output features as PEFT reads them (`in_features`, `num_embeddings`). */
  readonly in?: Expr;
  readonly out?: Expr;
  /** Counts of the repeats around the module, outermost first. */
  readonly copies: readonly Expr[];
  /** Every module of the group by its full name (`model.layers.0.self_attn.q_proj`). */
  readonly names: readonly string[];
}

/** The modules of a model as `named_modules()` lists them, grouped by the weight they hold. */
export interface ModelModules {
  /** Linear, Conv1D and Embedding modules, one group per weight of the tree. */
  readonly groups: readonly ModuleGroup[];
  /** Every module's full name with its kind (a module of submodules is `other`). */
  readonly kinds: ReadonlyMap<string, ModuleKind>;
  /** Each module's parameters in all, for `modules_to_save` copies. */
  readonly counts: ReadonlyMap<string, bigint>;
  /** Modules that hold no weight of their own here (a head tied to the embeddings), with why. */
  readonly tied: ReadonlyMap<string, string>;
  /** The output head's module (`lm_head`) when it has a weight of its own. */
  readonly outputHead?: string;
  /** The module of the last parameter, in the order the model declares them. */
  readonly lastModule?: string;
}

/** A tensor's module kind and features, from how the tree declares it (`src/components/`). */
function kindOf(tensor: TensorPart): { kind: ModuleKind; in?: Expr; out?: Expr } {
  const [first, second] = tensor.shape;
  if (tensor.key === 'weight' && tensor.matrix && first && second)
    return { kind: tensor.storage?.transposed ? 'linear' : 'conv1d', in: first, out: second };
  // `embeddingTable` stores a table as its module's `weight`: [rows, dim].
  if (tensor.storage?.suffix === 'weight' && first && second && tensor.shape.length === 2)
    return { kind: 'embedding', in: first, out: second };
  return { kind: 'other' };
}

/** The module a parameter belongs to: its name without the last component. */
const moduleOf = (name: string) => name.slice(0, Math.max(0, name.lastIndexOf('.')));

/** The shapes of the tensors under the output head, which a shape identifies (copies share it). */
function headShapes(part: Part, inside = false, found = new Set<readonly Expr[]>()) {
  const here = inside || part.role === 'unembedding';
  if (part.kind === 'tensor' && here) found.add(part.shape);
  for (const child of childrenOf(part)) headShapes(child, here, found);
  return found;
}

/**
 * The model's modules by their checkpoint names, read off the part tree through the parameter
 * names `verify` compares with checkpoints (`expectedParameters`), so `q_proj`, `query`, `q` and
 * `c_attn` are the model's own. Every dotted prefix of a parameter's name is a module.
 */
export function modelModules(part: Part, bindings: Bindings): ModelModules {
  // A document asks twice for one report (LoRA's count, QLoRA's base): the walk is done once.
  const known = walked.get(part);
  if (known?.bindings === bindings) return known.modules;
  const modules = walkModules(part, bindings);
  walked.set(part, { bindings, modules });
  return modules;
}

/** The last walk of each tree, with the sizes it was walked at (trees and bindings are immutable). */
const walked = new WeakMap<Part, { bindings: Bindings; modules: ModelModules }>();

function walkModules(part: Part, bindings: Bindings): ModelModules {
  const groups = new Map<string, ModuleGroup & { names: string[] }>();
  const kinds = new Map<string, ModuleKind>();
  const head = headShapes(part);
  let outputHead: string | undefined;
  // A tensor's copies share its shape (a repeat's child is one object): with its label, a key.
  const shapeIds = new Map<readonly Expr[], number>();
  // Read once a tensor of the tree, not once a copy: its kind and its group's key.
  const known = new Map<TensorPart, { read: ReturnType<typeof kindOf>; key: string }>();
  const visit = (name: string, tensor: TensorPart, copies: readonly Expr[]) => {
    let seen = known.get(tensor);
    if (seen === undefined) {
      const read = kindOf(tensor);
      if (read.kind !== 'other' && !shapeIds.has(tensor.shape))
        shapeIds.set(tensor.shape, shapeIds.size);
      const key =
        read.kind === 'other' ? '' : `${shapeIds.get(tensor.shape)}:${labelKey(tensor.label)}`;
      seen = { read, key };
      known.set(tensor, seen);
    }
    const { read, key } = seen;
    if (read.kind === 'other') return;
    const module = moduleOf(name);
    if (head.has(tensor.shape) && read.kind !== 'embedding') outputHead = module;
    const group = groups.get(key);
    if (group) group.names.push(module);
    else groups.set(key, { ...read, tensor, copies, names: [module] });
    kinds.set(module, read.kind);
  };
  const { parameters, absent } = expectedParameters(part, bindings, visit);
  // Modules whose every enclosing module is listed already: a walk up stops at the first.
  const listed = new Set<string>();
  for (const p of parameters) {
    let module = moduleOf(p.name);
    // A convolution's weight is `[out, in, k…]`: three or more axes under a module's `weight`.
    if (p.name.endsWith('.weight') && p.shape.length >= 3 && !kinds.has(module))
      kinds.set(module, 'conv');
    for (; module && !listed.has(module); module = moduleOf(module)) {
      listed.add(module);
      if (!kinds.has(module)) kinds.set(module, 'other');
    }
  }
  const last = parameters.at(-1);
  let counts: Map<string, bigint> | undefined;
  return {
    groups: [...groups.values()],
    kinds,
    // Only `modules_to_save` reads them: summed when first asked for.
    get counts() {
      counts ??= moduleCounts(parameters);
      return counts;
    },
    tied: new Map(absent.map((a) => [moduleOf(a.name), a.reason] as const)),
    ...(outputHead !== undefined ? { outputHead } : {}),
    ...(last ? { lastModule: moduleOf(last.name) } : {}),
  };
}

/** Each module's parameters in all: every parameter counted in each module that encloses it. */
function moduleCounts(parameters: readonly ExpectedParameter[]): Map<string, bigint> {
  const counts = new Map<string, bigint>();
  for (const p of parameters) {
    const count = p.shape.reduce((a, b) => a * b, 1n);
    for (let module = moduleOf(p.name); module; module = moduleOf(module))
      counts.set(module, (counts.get(module) ?? 0n) + count);
  }
  return counts;
}
