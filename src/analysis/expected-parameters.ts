import type { Part, RepeatPart, TensorPart } from '../components/part.js';
import { UserError } from '../errors/user-error.js';
import { evaluate, type Bindings } from '../expr/evaluate.js';
import type { Expr } from '../expr/nodes.js';
import { groupDigits } from '../render/numbers.js';

/** A parameter as PyTorch names and stores it. */
export interface ExpectedParameter {
  readonly name: string;
  readonly shape: readonly bigint[];
}

/** Most parameter names a model may list (DeepSeek-V3 has about 90,000). */
const MAX_NAMES = 2_000_000;

/**
 * Told of each tensor as it is named: the part it comes from and the counts of the repeats around
 * it, outermost first (LoRA's module matching groups the names of one tensor of the tree).
 */
export type TensorVisitor = (name: string, tensor: TensorPart, copies: readonly Expr[]) => void;

/**
 * The model's parameters by their PyTorch names: module keys joined by dots, a repeat's copies
 * numbered (`layers.0`, `layers.1`, …), an `nn.Embedding`'s `.weight`, `nn.Linear` weights
 * `[out, in]`. Parts that hold nothing (a tied head) are listed apart with their reason.
 */
export function expectedParameters(
  part: Part,
  bindings: Bindings,
  onTensor?: TensorVisitor,
): { parameters: ExpectedParameter[]; absent: Array<{ name: string; reason: string }> } {
  // Counted before any is named: a model of a billion layers is refused at once, not after
  // two million names.
  const named = namedTensorCount(part, bindings);
  if (named > BigInt(MAX_NAMES))
    throw new UserError(
      `the model's sizes give ${groupDigits(named, ',')} parameter tensors; naming them one by one (as PyTorch's named_parameters() lists them) stops at ${groupDigits(BigInt(MAX_NAMES), ',')}`,
      { field: 'model', received: named, expected: `at most ${MAX_NAMES} named tensors` },
    );
  const parameters: ExpectedParameter[] = [];
  const absent: Array<{ name: string; reason: string }> = [];
  const join = (prefix: string, key: string) => (prefix ? `${prefix}.${key}` : key);
  // A repeat's copies share their tensors (one child object): each is evaluated once, not once a copy.
  const values = new Map<TensorPart, readonly bigint[]>();
  const stored = (p: TensorPart): readonly bigint[] => {
    let shape = values.get(p);
    if (shape === undefined) {
      const declared = p.shape.map((e) => evaluate(e, bindings));
      shape =
        p.storage?.transposed && declared.length === 2 ? [declared[1]!, declared[0]!] : declared;
      values.set(p, shape);
    }
    return shape;
  };
  const walk = (p: Part, prefix: string, copies: readonly Expr[] = []) => {
    switch (p.kind) {
      case 'tensor': {
        const base = join(prefix, p.path ?? p.key);
        const name = p.storage?.suffix ? `${base}.${p.storage.suffix}` : base;
        onTensor?.(name, p, copies);
        parameters.push({ name, shape: stored(p) });
        if (parameters.length > MAX_NAMES) throw new RangeError('too many parameters to list');
        return;
      }
      case 'sum':
        for (const c of p.children)
          walk(c, p.inline ? prefix : join(prefix, p.path ?? p.key), copies);
        return;
      case 'repeat': {
        if (p.stored) {
          for (const s of p.stored)
            parameters.push({
              name: join(prefix, s.name),
              shape: s.shape.map((e) => evaluate(e, bindings)),
            });
          return;
        }
        const count = evaluate(p.count, bindings);
        // The copies are numbered under the repeat's key; the repeated module's own key is not in the name.
        const child = p.child;
        const list = p.indexAs
          ? join(prefix, p.indexAs.key)
          : p.listKey
            ? join(join(prefix, p.path ?? p.key), p.listKey)
            : join(prefix, p.path ?? p.key);
        const inner = [...copies, p.count];
        for (const i of copyIndices(p, count, bindings)) {
          const copy = p.indexAs?.within
            ? join(join(list, i.toString()), p.indexAs.within)
            : join(list, i.toString());
          if (child.kind === 'sum') for (const c of child.children) walk(c, copy, inner);
          else walk({ ...child, key: i.toString() }, list, inner);
        }
        return;
      }
      case 'empty': {
        // A tied module is named for its weight (`lm_head.weight`); a tied tensor already is.
        const base = join(prefix, p.path ?? p.key);
        absent.push({
          name: /\.(weight|bias)$/.test(base) ? base : `${base}.weight`,
          reason: p.reason,
        });
      }
    }
  };
  // The class itself is not part of a parameter's name.
  if (part.kind === 'sum') for (const c of part.children) walk(c, '');
  else walk(part, '');
  return { parameters, absent };
}

/** How many tensors the walk above names, counted without naming them (a repeat multiplies). */
function namedTensorCount(part: Part, bindings: Bindings): bigint {
  switch (part.kind) {
    case 'tensor':
      return 1n;
    case 'sum':
      return part.children.reduce((n, c) => n + namedTensorCount(c, bindings), 0n);
    case 'repeat':
      return part.stored
        ? BigInt(part.stored.length)
        : evaluate(part.count, bindings) * namedTensorCount(part.child, bindings);
    default:
      return 0n;
  }
}

/** The list indices of a repeat's copies: listed, or counted on from an offset (0 by default). */
function* copyIndices(p: RepeatPart, copies: bigint, bindings: Bindings): Generator<bigint> {
  const at = p.indexAs?.at;
  if (at) {
    if (BigInt(at.length) !== copies)
      throw new Error(`${p.key}: ${at.length} listed indices for ${copies} copies`);
    yield* at;
    return;
  }
  const from = p.indexAs?.from ? evaluate(p.indexAs.from, bindings) : 0n;
  // Lazily: a huge count stops at the name limit, not in an allocation.
  for (let i = from; i < from + copies; i++) yield i;
}
