import type { TensorInfo } from '../checkpoint/safetensors.js';
import type { Expr } from '../expr/nodes.js';
import type { ModuleSpec, Role } from '../models/spec/model-spec.js';
import type { ModuleNode } from './module-tree.js';

/** What a leaf is read with: its dimensions named, and the role its path gives it. */
export interface LeafContext {
  /** A tensor's dimensions named: `key` and each dimension's place may prefer a symbol (a router's `E`). */
  readonly dims: (shape: readonly bigint[], key: string) => Expr[];
  readonly role: Role;
}

/** Names an embedding table goes by in the checkpoints of the lineages (`embed_tokens`, `wte`, `word_embeddings`, `token_embd`). */
const embeddingName = /emb|^wte$|^wpe$|^shared$|^tok_embeddings$/i;
const positionName = /pos|^wpe$/i;

/**
 * The module shapes a leaf (a module with parameters and no submodules) is read as, first match
 * first: an embedding table, a Linear `[out, in]` with or without its bias, a norm's `[d]` with
 * or without its bias, a convolution `[out, in, k…]`. Anything else is its raw parameters.
 */
const leafRules: ReadonlyArray<{
  readonly matches: (p: Params, name: string) => boolean;
  readonly build: (p: Params, key: string, c: LeafContext) => ModuleSpec;
}> = [
  {
    matches: (p, name) => only(p, 'weight') && rank(p.weight) === 2 && embeddingName.test(name),
    build: (p, key, c) => ({
      kind: 'embedding',
      key,
      rows: c.dims(p.weight!.shape, key)[0]!,
      dim: c.dims(p.weight!.shape, key)[1]!,
      role: embeddingRole(key, c.role),
    }),
  },
  {
    matches: (p) => weightAndBias(p, 2),
    build: (p, key, c) => ({
      kind: 'linear',
      key,
      in: c.dims(p.weight!.shape, key)[1]!,
      out: c.dims(p.weight!.shape, key)[0]!,
      bias: p.bias !== undefined,
      role: c.role,
    }),
  },
  {
    matches: (p) => weightAndBias(p, 1),
    build: (p, key, c) => ({
      kind: 'norm',
      key,
      // Read from the header, a LayerNorm without a bias and an RMSNorm are the same `[d]`.
      type: p.bias ? 'layernorm' : 'rmsnorm',
      dim: c.dims(p.weight!.shape, key)[0]!,
      bias: p.bias !== undefined,
      role: c.role === 'tower' ? 'tower' : 'norm',
    }),
  },
  {
    matches: (p) => weightAndBias(p, 3) || weightAndBias(p, 4) || weightAndBias(p, 5),
    build: (p, key, c) => ({
      kind: 'conv',
      key,
      out: c.dims(p.weight!.shape, key)[0]!,
      in: c.dims(p.weight!.shape, key)[1]!,
      kernel: c.dims(p.weight!.shape, key).slice(2),
      bias: p.bias !== undefined,
      role: c.role,
    }),
  },
];

type Params = Readonly<Record<string, TensorInfo | undefined>>;

/** A leaf module's declaration, or its parameters one by one when no rule reads it. */
export function leafModules(node: ModuleNode, key: string, context: LeafContext): ModuleSpec[] {
  const params: Params = Object.fromEntries(node.parameters.map((p) => [p.name, p.info]));
  const rule = leafRules.find((r) => r.matches(params, node.name));
  if (rule) return [rule.build(params, key, context)];
  return rawParameters(node, context);
}

/** A module's own parameters that no module shape explains (`A_log`, `class_embedding`): tensors of their shapes. */
export function rawParameters(node: ModuleNode, context: LeafContext): ModuleSpec[] {
  return node.parameters.map(({ name, info }) => ({
    kind: 'tensor',
    key: name,
    shape: context.dims(info.shape, name),
    role: context.role,
  }));
}

/** An embedding's role: a tower's is the tower's; else the positions' or the tokens' table. */
function embeddingRole(key: string, role: Role): Role {
  if (role === 'tower') return 'tower';
  return positionName.test(key) ? 'position-embedding' : 'token-embedding';
}

function only(p: Params, ...names: string[]): boolean {
  const keys = Object.keys(p);
  return keys.length === names.length && names.every((n) => p[n] !== undefined);
}

/** A `weight` of `dims` dimensions and at most a `bias` of its first. */
function weightAndBias(p: Params, dims: number): boolean {
  const weight = p.weight;
  if (!weight || rank(weight) !== dims) return false;
  if (only(p, 'weight')) return true;
  const bias = p.bias;
  return only(p, 'weight', 'bias') && rank(bias!) === 1 && bias!.shape[0] === weight.shape[0];
}

const rank = (info: TensorInfo | undefined): number => info?.shape.length ?? 0;
