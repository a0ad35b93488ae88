import { add, label, mul, num, ref, type Expr, type Label } from '../expr/nodes.js';

/**
 * What a part is for. Analyses read roles off the tree: non-embedding counts leave out token and
 * position embeddings and the output unembedding; shares and approximations group by role.
 */
export type Role =
  | 'token-embedding'
  | 'position-embedding'
  | 'embedding'
  | 'attention'
  | 'mixer'
  | 'mlp'
  | 'norm'
  | 'unembedding'
  | 'head'
  | 'tower'
  | 'other';

interface PartBase {
  /** The module or parameter name, PyTorch-style: `self_attn`, `q_proj`, `weight`. */
  readonly key: string;
  /** What the part is, for people: "query projection". */
  readonly name: string;
  /** How the part's count is written in a derivation: `P_{Q}`, `W_{Q}`. */
  readonly label: Label;
  readonly role?: Role;
  /** What a reader should know that the formula does not say (ALBERT's layers share their weights). */
  readonly note?: string;
  /** A grouping for the reader with no module of its own in PyTorch (BART's fc1/fc2 sit in the layer): left out of parameter names. */
  readonly inline?: boolean;
  /** Its path in PyTorch's parameter names when longer than `key` (T5's `layer.0.SelfAttention`). */
  readonly path?: string;
}

/** A parameter tensor: its count is the product of its shape. */
export interface TensorPart extends PartBase {
  readonly kind: 'tensor';
  readonly shape: readonly Expr[];
  /** A linear layer's weight matrix: what weight-only quantization (int8, int4, fp8) stores narrower. */
  readonly matrix?: boolean;
  /**
   * How PyTorch stores it, where that differs from the declared shape and name: `nn.Linear` keeps
   * `[out, in]` (declared `[in, out]`, as a layer is read); an `nn.Embedding` module's parameter is its `weight`.
   */
  readonly storage?: { readonly transposed?: boolean; readonly suffix?: string };
}

/** A module made of other parts: its count is their sum. */
export interface SumPart extends PartBase {
  readonly kind: 'sum';
  readonly children: readonly Part[];
}

/** `count` identical copies of one part, such as the L layers of a stack. */
export interface RepeatPart extends PartBase {
  readonly kind: 'repeat';
  readonly count: Expr;
  readonly child: Part;
  /** Of routed experts: how many copies a token passes through (`k_top` of `E`). */
  readonly activeCount?: Expr;
  /** The ModuleList holding the copies inside the repeat's module, for parameter names (`encoder.layer.N`). */
  readonly listKey?: string;
  /** Copies named in another list, for parameter names (`layers.{from + i}`, or `layers.{at[i]}`). */
  readonly indexAs?: IndexAs;
  /** The copies as PyTorch stores them when fused into one tensor each (names relative to the repeat's parent). */
  readonly stored?: ReadonlyArray<{ readonly name: string; readonly shape: readonly Expr[] }>;
}

/**
 * Where a repeat's copies sit in PyTorch's list `key`: from an offset on (`from`: DeepSeek's MoE
 * layers after the dense ones), or at listed indices (`at`: Qwen3-Next's attention layers 3, 7, …,
 * interleaved with its DeltaNet ones); with `within`, a module inside each of those copies.
 */
export interface IndexAs {
  readonly key: string;
  readonly from?: Expr;
  readonly at?: readonly bigint[];
  readonly within?: string;
}

/** A part that holds no parameters of its own, with the reason (a tied head, a norm without affine). */
export interface EmptyPart extends PartBase {
  readonly kind: 'empty';
  readonly reason: string;
}

/** A node of the breakdown tree. */
export type Part = TensorPart | SumPart | RepeatPart | EmptyPart;

type Identity = Omit<PartBase, 'label'> & { label: Label };

/** A label `P_{sub}` for a part's count (`T_{sub}` for a spec file's bare tensor). */
export function countLabel(subscript: string, symbol = 'P'): Label {
  return label(symbol, subscript);
}

/** A parameter tensor of this shape. */
export function tensor(
  identity: Identity & { matrix?: boolean; storage?: TensorPart['storage'] },
  shape: readonly Expr[],
): TensorPart {
  return { kind: 'tensor', ...identity, shape };
}

/** A module whose count is its children's. */
export function sum(identity: Identity, children: readonly Part[]): SumPart {
  return { kind: 'sum', ...identity, children };
}

/** `count` copies of one part. */
export function repeat(
  identity: Identity & {
    activeCount?: Expr;
    listKey?: string;
    indexAs?: RepeatPart['indexAs'];
    stored?: RepeatPart['stored'];
  },
  count: Expr,
  child: Part,
): RepeatPart {
  return { kind: 'repeat', ...identity, count, child };
}

/** A part without parameters, with the reason. */
export function empty(identity: Identity, reason: string): EmptyPart {
  return { kind: 'empty', ...identity, reason };
}

/**
 * Each part's formula, made once: a derivation asks for the formula of every part and of each of
 * its ancestors, and an ancestor's formula holds the very trees of its children's, so expanding
 * them (`toPolynomial`, which keeps its results by tree) meets each subtree once, not once a level.
 */
const formulas = new WeakMap<Part, Expr>();

/** The part's count as an expression over size symbols only (no references to other parts). */
export function formulaOf(part: Part): Expr {
  let formula = formulas.get(part);
  if (formula === undefined) {
    formula = formulaFromParts(part);
    formulas.set(part, formula);
  }
  return formula;
}

function formulaFromParts(part: Part): Expr {
  switch (part.kind) {
    case 'tensor':
      return mul(...part.shape);
    case 'sum':
      return add(...part.children.map(formulaOf));
    case 'repeat':
      return mul(part.count, formulaOf(part.child));
    case 'empty':
      return num(0);
  }
}

/** The part's count in terms of its children's labels: `P_Q + P_K + P_V + P_O`, `L·P_layer`. */
export function definitionOf(part: Part): Expr {
  switch (part.kind) {
    case 'sum':
      return add(...part.children.map((c) => ref(c.label, formulaOf(c))));
    case 'repeat':
      return mul(part.count, ref(part.child.label, formulaOf(part.child)));
    default:
      return formulaOf(part);
  }
}

/** The part's direct children (a repeat's one child, none for tensors and empty parts). */
export function childrenOf(part: Part): readonly Part[] {
  if (part.kind === 'sum') return part.children;
  if (part.kind === 'repeat') return [part.child];
  return [];
}

/** Every tensor below a part, with its dotted path and how many copies exist, for named-parameter lists. */
export function* tensorsOf(
  part: Part,
  path = '',
  copies: Expr[] = [],
): Generator<{ path: string; tensor: TensorPart; copies: Expr[] }> {
  const here = path ? `${path}.${part.key}` : part.key;
  if (part.kind === 'tensor') yield { path: here, tensor: part, copies };
  if (part.kind === 'sum') for (const c of part.children) yield* tensorsOf(c, here, copies);
  if (part.kind === 'repeat') yield* tensorsOf(part.child, here, [...copies, part.count]);
}
