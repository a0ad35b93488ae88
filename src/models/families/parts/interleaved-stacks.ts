import { add, type Expr, mul, num } from '../../../expr/nodes.js';
import type { ModuleSpec, RepeatSpec } from '../../spec/model-spec.js';
import type { SizeBook } from '../building-blocks.js';

/** The layers of one kind (dense, MoE, …) and where they sit in the stack. */
export interface LayerGroup {
  /** Their indices in `model.layers`, ascending. */
  readonly indices: readonly bigint[];
  /** How many they are: a bound symbol (`L_moe`) or a number. */
  readonly count: Expr;
  /** The repeat's key when the group does not start the stack (`moe_layers`). */
  readonly key: string;
  readonly name: string;
  readonly label: string;
  readonly layer: (label: string) => ModuleSpec;
}

/** Whether the indices are one run, `from`, `from + 1`, …: PyTorch's names can then be offset. */
export const isRun = (indices: readonly bigint[]): boolean =>
  indices.every((index, i) => index === indices[0]! + BigInt(i));

/**
 * A stack whose layers differ by index (Laguna's `mlp_layer_types`, its heads per layer), as one
 * repeat per kind of layer, each named as PyTorch names it: a kind that starts the stack as one
 * run is `layers.N`; a later run continues the list (`layers.{from + i}`); a kind spread among the
 * others sits at its own indices (`indexAs.at`).
 */
export function interleavedStacks(groups: readonly LayerGroup[]): RepeatSpec[] {
  return groups.map((group) => {
    const from = group.indices[0] ?? 0n;
    const run = isRun(group.indices);
    const indexAs =
      run && from === 0n
        ? {}
        : run
          ? { indexAs: { key: 'layers', from: num(from) } }
          : { indexAs: { key: 'layers', at: group.indices } };
    return {
      kind: 'repeat',
      key: run && from === 0n ? 'layers' : group.key,
      name: group.name,
      label: group.label,
      count: group.count,
      child: group.layer(group.label),
      ...indexAs,
    };
  });
}

/** A kind of layer by its feed-forward: its layers' indices, ascending. */
export interface FeedForwardKind {
  readonly sparse: boolean;
  readonly indices: readonly bigint[];
}

/**
 * The counts of a stack of dense and sparse kinds, one a kind: `L` for one kind; `L_dense` and
 * `L − L_dense` for a dense run then a sparse one (named `layers.N` as PyTorch does); else
 * `L_dense` and `L_moe`, each kind named at its own indices.
 */
export function kindCounts(
  sizes: SizeBook,
  kinds: readonly FeedForwardKind[],
  layerCount: bigint,
): Expr[] {
  if (kinds.length === 1) return [sizes.bind('L', layerCount)];
  const count = (k: FeedForwardKind) => BigInt(k.indices.length);
  const [first, second] = kinds;
  if (kinds.length === 2 && !first!.sparse && isRun(first!.indices) && isRun(second!.indices)) {
    const dense = sizes.bind('L_dense', count(first!));
    return [dense, add(sizes.bind('L', layerCount), mul(num(-1n), dense))];
  }
  return kinds.map((k) => sizes.bind(k.sparse ? 'L_moe' : 'L_dense', count(k)));
}
