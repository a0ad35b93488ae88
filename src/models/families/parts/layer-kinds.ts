import type { Expr } from '../../../expr/nodes.js';
import { fieldError } from '../../../errors/user-error.js';
import { limits } from '../../../limits.js';
import type { ConfigFields } from '../../config/config-fields.js';
import type { ModuleSpec, RepeatSpec } from '../../spec/model-spec.js';
import type { SizeBook } from '../building-blocks.js';

/**
 * Stacks whose layers differ (Qwen3-Next's Gated DeltaNet and attention layers, Jamba's Mamba and
 * attention layers, LFM2's convolutions): each layer has a kind, and the layers of one kind are
 * one repeat with its own count (`L_lin`, `L_attn`), its copies named at their own indices in
 * PyTorch's list (`layers.3`, `layers.7`, …) so `verify` reads them as the checkpoint does.
 */
export interface LayerKind {
  /** Subscript of the kind's layer count (`lin` → `L_lin`). */
  readonly tag: string;
  /** What the breakdown calls the kind's stack (`Gated DeltaNet layers`). */
  readonly name: string;
  /** A layer of this kind, from the label its group takes. */
  readonly layer: (label: string) => ModuleSpec;
}

/** The stacks of a list of layer kinds, and the count of each kind (for the caches). */
export interface KindStacks {
  readonly stacks: RepeatSpec[];
  /** The layer count of a kind: `L` when every layer is of it, 0 when none is. */
  countOf(kind: string): Expr | undefined;
}

/**
 * One repeat of `L` when every layer is of one kind; else one repeat a kind, in the order the kinds
 * first appear, of `L_tag` copies at their indices. A kind absent from the list gets no stack.
 */
export function layerKindStacks(
  sizes: SizeBook,
  kindOfLayer: readonly string[],
  kinds: Readonly<Record<string, LayerKind>>,
  key = 'layers',
): KindStacks {
  const indices = new Map<string, bigint[]>();
  kindOfLayer.forEach((kind, i) => {
    const list = indices.get(kind) ?? [];
    list.push(BigInt(i));
    indices.set(kind, list);
  });
  const counts = new Map<string, Expr>();
  const stacks: RepeatSpec[] = [];
  const alone = indices.size === 1;
  for (const [kind, at] of indices) {
    const description = kinds[kind]!;
    // Each layer is declared before its count is bound, as the families always have.
    const child = description.layer(alone ? 'layer' : `${description.tag}-layer`);
    const count = alone
      ? sizes.bind('L', BigInt(at.length))
      : sizes.bind(`L_${description.tag}`, BigInt(at.length));
    counts.set(kind, count);
    stacks.push({
      kind: 'repeat',
      key: alone ? key : `${description.tag}_${key}`,
      name: description.name,
      label: alone ? 'layers' : `${description.tag} layers`,
      count,
      child,
      ...(alone ? {} : { indexAs: { key, at } }),
    });
  }
  return { stacks, countOf: (kind) => counts.get(kind) };
}

/**
 * The kind of each of the config's layers: its list `field` mapped through `kindOf` (the layer
 * types a family knows, several of which may share a kind: sliding and full attention have the
 * same shapes), else `fallback(i)` for each index when the config lists none.
 */
export function layerKinds(
  config: ConfigFields,
  field: string,
  kindOf: Readonly<Record<string, string>>,
  fallback: (index: number) => string,
  layerCountField = 'num_hidden_layers',
): string[] {
  const layers = config.size(layerCountField);
  if (layers > BigInt(limits.listedLayers))
    throw fieldError(
      layerCountField,
      layers,
      `at most ${limits.listedLayers} layers (the limit for layers of several kinds)`,
    );
  const listed = config.value(field);
  if (listed === undefined || listed === null)
    return Array.from({ length: Number(layers) }, (_, i) => fallback(i));
  const expected = `a list of ${layers} layer types (${Object.keys(kindOf).join(', ')}), one a layer`;
  if (!Array.isArray(listed) || BigInt(listed.length) !== layers)
    throw fieldError(field, listed, expected);
  return listed.map((type, i) => {
    if (typeof type !== 'string' || !Object.hasOwn(kindOf, type))
      throw fieldError(`${field}[${i}]`, type, `one of ${Object.keys(kindOf).join(', ')}`);
    return kindOf[type]!;
  });
}
