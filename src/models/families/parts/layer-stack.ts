import { add, type Expr, mul, sym } from '../../../expr/nodes.js';
import type { ConfigFields } from '../../config/config-fields.js';
import type { ModuleSpec, RepeatSpec } from '../../spec/model-spec.js';
import { limits } from '../../../limits.js';
import { countLayers, type SizeBook } from '../building-blocks.js';

/**
 * Which layers are sparse (have experts): all of them, or every `period`-th one
 * (`(i + 1) % period == 0`) less those an index list names, and none when `experts` reads 0; or
 * (ERNIE 4.5) every `every`-th one from layer `from` to layer `to` (-1: the last), both included.
 */
export type SparseLayers =
  | 'all'
  | { readonly period: string; readonly exceptListed: string; readonly experts: string }
  | SparseRun;

/** Sparse layers as a run: field names of its first and last layer and of its step. */
export interface SparseRun {
  readonly run: { readonly from: string; readonly to: string; readonly every: string };
}

/** The run's bounds, `to` of -1 read as the last layer. */
function runBounds(config: ConfigFields, rule: SparseRun) {
  const layers = config.size('num_hidden_layers');
  const from = config.count(rule.run.from);
  const written = config.value(rule.run.to);
  const to = written === -1 ? layers - 1n : config.count(rule.run.to);
  return {
    layers,
    from,
    to: to < layers - 1n ? to : layers - 1n,
    every: config.size(rule.run.every),
  };
}

/**
 * How many leading layers are dense when the sparse ones are every layer from some index to the
 * last (ERNIE 4.5's `moe_layer_start_index`); undefined for any other pattern.
 */
export function leadingDenseCount(config: ConfigFields, rule: SparseLayers): bigint | undefined {
  if (rule === 'all' || !('run' in rule)) return undefined;
  const { layers, from, to, every } = runBounds(config, rule);
  if (every !== 1n || to !== layers - 1n) return undefined;
  return from < layers ? from : layers;
}

/** How many of the config's layers are sparse, counted, not enumerated. */
export function sparseLayerCount(config: ConfigFields, rule: SparseLayers): bigint {
  const layers = config.size('num_hidden_layers');
  if (rule === 'all') return layers;
  if ('run' in rule) {
    // Layers i with (i + 1) % every == 0 and from <= i <= to: the multiples of `every` in
    // [from + 1, to + 1].
    const { from, to, every } = runBounds(config, rule);
    return to < from ? 0n : (to + 1n) / every - from / every;
  }
  if (config.count(rule.experts) === 0n) return 0n;
  const listed = config.value(rule.exceptListed);
  const except = new Set(
    (Array.isArray(listed) ? listed : [])
      .filter((i): i is number => Number.isSafeInteger(i))
      .map(BigInt),
  );
  return countLayers(layers, config.size(rule.period), except);
}

/**
 * The indices of the sparse layers, when few enough to list (`limits.listedLayers`): what names a
 * split stack's copies `layers.N` as PyTorch does (Qwen2-MoE's `mlp_only_layers`, ERNIE 4.5's
 * interval); `undefined` for a stack too deep to enumerate, whose copies keep their own lists.
 */
export function sparseLayerIndices(config: ConfigFields, rule: SparseLayers): bigint[] | undefined {
  const layers = config.size('num_hidden_layers');
  if (layers > BigInt(limits.listedLayers)) return undefined;
  const all = Array.from({ length: Number(layers) }, (_, i) => BigInt(i));
  if (rule === 'all') return all;
  if ('run' in rule) {
    const { from, to, every } = runBounds(config, rule);
    return all.filter((i) => i >= from && i <= to && (i + 1n) % every === 0n);
  }
  if (config.count(rule.experts) === 0n) return [];
  const period = config.size(rule.period);
  const listed = config.value(rule.exceptListed);
  const except = new Set(
    (Array.isArray(listed) ? listed : [])
      .filter((i): i is number => Number.isSafeInteger(i))
      .map(BigInt),
  );
  return all.filter((i) => (i + 1n) % period === 0n && !except.has(i));
}

/** A stack's layers: a layer of a kind (dense, MoE) from the label it takes. */
type LayerOf = (label: string) => ModuleSpec;

/**
 * The decoder's layers as one or two repeats: all dense (`L`), all sparse (`L`), or dense and
 * sparse apart (`L_dense`, `L_moe`), each repeat a copy of its own kind of layer, its copies at
 * their indices in `layers` when the sparse ones are listed (`at`).
 */
export function denseAndSparseStacks(
  sizes: SizeBook,
  layerCount: bigint,
  sparse: { count: bigint; layer: LayerOf; at?: readonly bigint[] | undefined } | undefined,
  dense: LayerOf,
): RepeatSpec[] {
  const split = sparse?.at && sparse.count > 0n && sparse.count < layerCount;
  const sparseAt = new Set(sparse?.at ?? []);
  const at = (which: 'dense' | 'sparse') =>
    split
      ? {
          indexAs: {
            key: 'layers',
            at: Array.from({ length: Number(layerCount) }, (_, i) => BigInt(i)).filter(
              (i) => sparseAt.has(i) === (which === 'sparse'),
            ),
          },
        }
      : {};
  const stacks: RepeatSpec[] = [];
  if (!sparse || sparse.count < layerCount) {
    const count = sparse
      ? sizes.bind('L_dense', layerCount - sparse.count)
      : sizes.bind('L', layerCount);
    stacks.push({
      kind: 'repeat',
      key: 'layers',
      name: sparse ? 'dense decoder layers' : 'decoder layers',
      label: sparse ? 'dense layers' : 'layers',
      count,
      child: dense('layer'),
      ...at('dense'),
    });
  }
  if (sparse && sparse.count > 0n) {
    const all = sparse.count === layerCount;
    stacks.push({
      kind: 'repeat',
      key: all ? 'layers' : 'moe_layers',
      name: 'MoE decoder layers',
      label: 'moe layers',
      count: all ? sizes.bind('L', layerCount) : sizes.bind('L_moe', sparse.count),
      child: sparse.layer('moe-layer'),
      ...at('sparse'),
    });
  }
  return stacks;
}

/**
 * The decoder's layers split at an offset: the first `denseCount` dense (`L_dense`, DeepSeek's
 * `first_k_dense_replace`), the rest sparse (`L − L_dense`), their copies continuing the dense
 * ones' list in PyTorch's names (`layers.{L_dense + i}`); one stack of `L` when either is empty.
 */
export function firstDenseStacks(
  sizes: SizeBook,
  layerCount: bigint,
  denseCount: bigint,
  dense: LayerOf,
  sparse: LayerOf,
): RepeatSpec[] {
  const stacks: RepeatSpec[] = [];
  if (denseCount > 0n) {
    // Each layer is declared before its count is bound, as the families always have.
    const child = dense('dense-layer');
    const count =
      denseCount === layerCount ? sizes.bind('L', layerCount) : sizes.bind('L_dense', denseCount);
    stacks.push({
      kind: 'repeat',
      key: 'layers',
      name: 'dense decoder layers',
      label: 'dense layers',
      count,
      child,
    });
  }
  if (denseCount < layerCount) {
    const child = sparse('moe-layer');
    const count =
      denseCount === 0n
        ? sizes.bind('L', layerCount)
        : add(
            sizes.bind('L', layerCount),
            mul({ kind: 'num', value: -1n }, sizes.bind('L_dense', denseCount)),
          );
    stacks.push({
      kind: 'repeat',
      key: denseCount === 0n ? 'layers' : 'moe_layers',
      name: 'MoE decoder layers',
      label: 'moe layers',
      count,
      child,
      ...(denseCount > 0n ? { indexAs: { key: 'layers', from: sym('L_dense') } } : {}),
    });
  }
  return stacks;
}

/** The counts of the stacks, for the KV cache's layers. */
export const stackCounts = (stacks: readonly RepeatSpec[]): Expr[] => stacks.map((s) => s.count);
