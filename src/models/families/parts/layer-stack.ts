import type { Expr } from '../../../expr/nodes.js';
import type { ConfigFields } from '../../config/config-fields.js';
import type { ModuleSpec, RepeatSpec } from '../../spec/model-spec.js';
import { countLayers, type SizeBook } from '../building-blocks.js';

/**
 * Which layers are sparse (have experts): all of them, or every `period`-th one
 * (`(i + 1) % period == 0`) less those an index list names, and none when `experts` reads 0.
 */
export type SparseLayers =
  | 'all'
  | { readonly period: string; readonly exceptListed: string; readonly experts: string };

/** How many of the config's layers are sparse, counted, not enumerated. */
export function sparseLayerCount(config: ConfigFields, rule: SparseLayers): bigint {
  const layers = config.size('num_hidden_layers');
  if (rule === 'all') return layers;
  if (config.count(rule.experts) === 0n) return 0n;
  const listed = config.value(rule.exceptListed);
  const except = new Set(
    (Array.isArray(listed) ? listed : [])
      .filter((i): i is number => Number.isSafeInteger(i))
      .map(BigInt),
  );
  return countLayers(layers, config.size(rule.period), except);
}

/** A stack's layers: a layer of a kind (dense, MoE) from the label it takes. */
type LayerOf = (label: string) => ModuleSpec;

/**
 * The decoder's layers as one or two repeats: all dense (`L`), all sparse (`L`), or dense and
 * sparse apart (`L_dense`, `L_moe`), each repeat a copy of its own kind of layer.
 */
export function denseAndSparseStacks(
  sizes: SizeBook,
  layerCount: bigint,
  sparse: { count: bigint; layer: LayerOf } | undefined,
  dense: LayerOf,
): RepeatSpec[] {
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
    });
  }
  return stacks;
}

/** The counts of the stacks, for the KV cache's layers. */
export const stackCounts = (stacks: readonly RepeatSpec[]): Expr[] => stacks.map((s) => s.count);
