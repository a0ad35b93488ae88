import { add, num, type Expr, type Sym } from '../../../expr/nodes.js';
import type { ConfigFields } from '../../config/config-fields.js';
import type {
  GroupSpec,
  KvCacheLayout,
  ModuleSpec,
  RecurrentStateLayout,
} from '../../spec/model-spec.js';
import { type SizeBook, tokenEmbeddings } from '../building-blocks.js';
import { keysAndValues, selfCache } from '../kv-cache-layout.js';
import { gatedQueryAttention } from './gated-attention.js';
import {
  type DeltaNetProjections,
  deltaNetState,
  deltaNetWidths,
  gatedDeltaNet,
} from './gated-deltanet.js';
import type { LayerContext, LayerPart } from './layer-context.js';
import { type LayerKind, layerKinds, layerKindStacks } from './layer-kinds.js';
import { decoderNorm, layerNorms, normPlacements } from './norm-placements.js';
import { decoderPrologue } from './prologue.js';

/** What a Gated DeltaNet hybrid's text model is made of, beside the config. */
export interface DeltaHybridParts {
  /** The base model's module name: `model`, or `language_model` inside a composite. */
  readonly key: string;
  /** Its class name, for the breakdown (`Qwen3NextModel`). */
  readonly name: string;
  readonly projections: DeltaNetProjections;
  /** The feed-forward most layers have (the experts of Qwen3-Next, Qwen3.5's SwiGLU). */
  readonly feedForward: LayerPart;
  /** The layers that have `dense` in its place (Qwen3-Next's `mlp_only_layers`), if any. */
  readonly denseAt?: (config: ConfigFields) => ReadonlySet<number>;
  readonly dense?: LayerPart;
}

/** The text model, its width and vocabulary, and what generating keeps: its KV cache and state. */
export interface DeltaHybridText {
  readonly base: GroupSpec;
  readonly d: Sym;
  readonly vocab: Sym;
  readonly kvCache: KvCacheLayout;
  readonly recurrentState: RecurrentStateLayout;
  /** One gated-attention decoder layer with the experts or, `dense`, the dense feed-forward. */
  readonly attentionLayer: (dense: boolean) => ModuleSpec;
}

// Qwen3NextConfig's layer types, and its default: full attention iff (i + 1) % interval == 0.
const typeKinds = { linear_attention: 'linear', full_attention: 'attention' };

/** The stack's tag and name of each kind: its mixer, and `_dense` where the experts give way. */
const kindNames: Record<string, { tag: string; name: string }> = {
  linear: { tag: 'lin', name: 'Gated DeltaNet layers' },
  attention: { tag: 'attn', name: 'gated-attention layers' },
  'linear-dense': { tag: 'lin_dense', name: 'Gated DeltaNet layers, dense feed-forward' },
  'attention-dense': { tag: 'attn_dense', name: 'gated-attention layers, dense feed-forward' },
};

/**
 * A Gated DeltaNet hybrid's text model (Qwen3-Next, Qwen3.5): token embeddings; layers that mix by
 * Gated DeltaNet (`linear_attn`) or by gated attention (`self_attn`) as `layer_types` says, each
 * with its feed-forward and two RMSNorms; a final `norm`. Each kind of layer is one stack whose
 * copies keep their own index in `layers`.
 */
export function deltaHybridText(
  config: ConfigFields,
  sizes: SizeBook,
  parts: DeltaHybridParts,
): DeltaHybridText {
  const { d, vocab, widths } = decoderPrologue(config, sizes);
  const context: LayerContext = { config, sizes, d, widths, norm: 'rmsnorm' };
  const delta = deltaNetWidths(config, sizes);
  const interval = Number(config.optionalSize('full_attention_interval') ?? 4n);
  const mixers = layerKinds(config, 'layer_types', typeKinds, (i) =>
    (i + 1) % interval === 0 ? 'attention' : 'linear',
  );
  const denseAt = parts.denseAt?.(config) ?? new Set<number>();
  const kindOfLayer = mixers.map((mixer, i) => (denseAt.has(i) ? `${mixer}-dense` : mixer));
  const norms = layerNorms(context, normPlacements.pre);
  const layerOf =
    (mixer: () => ModuleSpec, ffn: LayerPart) =>
    (label: string): ModuleSpec => ({
      kind: 'group',
      key: 'layer',
      name: 'decoder layer',
      label,
      children: [mixer(), ffn(context), ...norms],
    });
  const linear = () => gatedDeltaNet(d, delta, parts.projections);
  const attention = () => gatedQueryAttention(context);
  const dense = parts.dense ?? parts.feedForward;
  const builders: Record<string, (label: string) => ModuleSpec> = {
    linear: layerOf(linear, parts.feedForward),
    attention: layerOf(attention, parts.feedForward),
    'linear-dense': layerOf(linear, dense),
    'attention-dense': layerOf(attention, dense),
  };
  const kinds: Record<string, LayerKind> = Object.fromEntries(
    Object.entries(kindNames).map(([kind, names]) => [kind, { ...names, layer: builders[kind]! }]),
  );
  const { stacks, countOf } = layerKindStacks(sizes, kindOfLayer, kinds);
  const countOfAll = (...of: string[]): Expr => {
    const counts = of.map(countOf).filter((c): c is Expr => c !== undefined);
    return counts.length ? add(...counts) : num(0);
  };
  const base: GroupSpec = {
    kind: 'group',
    key: parts.key,
    name: parts.name,
    label: 'base',
    children: [
      tokenEmbeddings('embed_tokens', vocab, d),
      ...stacks,
      decoderNorm(context)('norm', 'final'),
    ],
  };
  return {
    base,
    d,
    vocab,
    kvCache: selfCache(
      countOfAll('attention', 'attention-dense'),
      keysAndValues(widths.keyValueHeads, widths.headDim),
    ),
    recurrentState: { entries: deltaNetState(countOfAll('linear', 'linear-dense'), delta) },
    attentionLayer: (dense) => builders[dense ? 'attention-dense' : 'attention']!('layer'),
  };
}
