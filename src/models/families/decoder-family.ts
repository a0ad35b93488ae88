import type { RawConfig } from '../config/config-fields.js';
import type { ModelSpec, ModuleSpec } from '../spec/model-spec.js';
import type { ConfigFields } from '../config/config-fields.js';
import {
  decoderOnlyClass,
  decoderOnlyClassNames,
  lmHeadModule,
  SizeBook,
  tokenEmbeddings,
} from './building-blocks.js';
import type { Family } from './family.js';
import {
  allLayers,
  decoderCache,
  keysAndValues,
  selfCache,
  type SlidingRule,
} from './kv-cache-layout.js';
import {
  flagOf,
  type FlagRule,
  type LayerContext,
  type LayerPart,
  type NormKind,
} from './parts/layer-context.js';
import {
  denseAndSparseStacks,
  firstDenseStacks,
  leadingDenseCount,
  sparseLayerCount,
  sparseLayerIndices,
  stackCounts,
  type SparseLayers,
} from './parts/layer-stack.js';
import { decoderNorm, layerNorms, type NormPlacement } from './parts/norm-placements.js';
import { decoderPrologue, type HeadDimSource } from './parts/prologue.js';

/**
 * A decoder-only family as a list of parts: token embedding, L layers of attention, feed-forward
 * (or experts) and norms placed by name, a final norm and an LM head. Llama's lineage, Phi and
 * Phi-3, GLM-4: a family file says which parts, with which fields.
 */
interface DecoderBase {
  readonly modelTypes: readonly string[];
  /** `Llama`: the classes are `LlamaForCausalLM`, `LlamaModel`, … and the base `LlamaModel`. */
  readonly classPrefix: string;
  readonly defaults: RawConfig;
  /** transformers' `attribute_map`: other names a field may be written under. */
  readonly aliases?: Readonly<Record<string, readonly string[]>>;
  /** The class list lacks `…ForQuestionAnswering` (Phi, Phi-3 and GLM-4 have no such class). */
  readonly noQuestionAnswering?: boolean;
  /**
   * The task heads the modeling file defines, where not all three (ERNIE 4.5: none; HunYuan:
   * sequence classification only); `…ForCausalLM` and `…Model` always exist.
   */
  readonly taskHeads?: readonly TaskHead[];
  /** Where `d_h` comes from (default: `head_dim`, else the width over the heads). */
  readonly headDim?: HeadDimSource;
  readonly attention: LayerPart;
  /** The norms of a layer, in order (`normPlacements.pre`, …). */
  readonly norms: NormPlacement;
  /** RMSNorm unless said (default `rmsnorm`). */
  readonly normKind?: NormKind;
  /** The final norm's module name (default `norm`; Phi's `final_layernorm`). */
  readonly finalNorm?: string;
  /** A bias on the LM head: always (Phi), or as a config flag says (PhiMoE's `lm_head_bias`). */
  readonly lmHeadBias?: FlagRule;
  /**
   * Which layers slide when the config sets `sliding_window` and does not list `layer_types`;
   * `never`: the family has no sliding attention whatever the config says (Phi).
   */
  readonly sliding?: SlidingRule | 'never';
}

/** The experts of sparse layers, and which layers are sparse. */
interface MoeLayers {
  readonly block: LayerPart;
  readonly layers: SparseLayers;
}

/**
 * A decoder family: its defaults and the parts of its layers. The feed-forward of dense layers is
 * declared unless every layer is sparse (Mixtral, OLMoE): then there is none to declare.
 */
export type DecoderDescription = DecoderBase &
  (
    | { readonly feedForward: LayerPart; readonly moe?: MoeLayers }
    | { readonly feedForward?: undefined; readonly moe: MoeLayers & { readonly layers: 'all' } }
  );

/** A task head's class suffix. */
export type TaskHead =
  | 'ForSequenceClassification'
  | 'ForTokenClassification'
  | 'ForQuestionAnswering';

/** Whether the class list keeps `name`: every class when the heads are not listed. */
const hasTaskHead = (heads: readonly TaskHead[] | undefined, name: string): boolean =>
  !heads ||
  !/For(Sequence|Token)Classification$|ForQuestionAnswering$/.test(name) ||
  heads.some((head) => name.endsWith(head));

/** Declares a decoder-only family from its parts. */
export function decoderFamily(description: DecoderDescription): Family {
  return {
    modelTypes: description.modelTypes,
    defaults: description.defaults,
    ...(description.aliases ? { aliases: description.aliases } : {}),
    classes: decoderOnlyClassNames(description.classPrefix).filter(
      (name) =>
        !(description.noQuestionAnswering && name.endsWith('ForQuestionAnswering')) &&
        hasTaskHead(description.taskHeads, name),
    ),
    build: (config, className) => buildDecoder(description, config, className),
  };
}

/** Whether the modeling file defines the class `name` of the standard list. */
function buildDecoder(
  description: DecoderDescription,
  config: ConfigFields,
  className: string,
): ModelSpec {
  const sizes = new SizeBook();
  const { d, vocab, layerCount, widths } = decoderPrologue(config, sizes, description.headDim);
  const context: LayerContext = {
    config,
    sizes,
    d,
    widths,
    norm: description.normKind ?? 'rmsnorm',
  };
  const attention = description.attention(context);
  const norms = layerNorms(context, description.norms);
  const layerOf =
    (part: LayerPart) =>
    (label: string): ModuleSpec => ({
      kind: 'group',
      key: 'layer',
      name: 'decoder layer',
      label,
      children: [attention, part(context), ...norms],
    });
  const moe = description.moe;
  const sparse = moe && {
    count: sparseLayerCount(config, moe.layers),
    layer: layerOf(moe.block),
    at: sparseLayerIndices(config, moe.layers),
  };
  const { feedForward } = description;
  const dense = feedForward
    ? layerOf(feedForward)
    : () => {
        // Unreachable: without a dense feed-forward every layer is sparse (`layers: 'all'`).
        throw new Error(`${description.classPrefix} declares no dense layer`);
      };
  // Dense layers then sparse ones to the last (ERNIE 4.5) keep PyTorch's `layers.N` names.
  const leading = moe && leadingDenseCount(config, moe.layers);
  const stacks =
    moe && leading !== undefined
      ? firstDenseStacks(sizes, layerCount, leading, dense, layerOf(moe.block))
      : denseAndSparseStacks(sizes, layerCount, sparse, dense);
  const base: ModuleSpec = {
    kind: 'group',
    key: 'model',
    name: `${description.classPrefix}Model`,
    label: 'base',
    children: [
      tokenEmbeddings('embed_tokens', vocab, d),
      ...stacks,
      decoderNorm(context)(description.finalNorm ?? 'norm', 'final'),
    ],
  };
  const tied = config.flag('tie_word_embeddings');
  const sliding = description.sliding === 'never' ? undefined : description.sliding;
  const perToken = keysAndValues(widths.keyValueHeads, widths.headDim);
  const layers = allLayers(stackCounts(stacks));
  return {
    name: className,
    sizes: sizes.sizes,
    kvCache:
      description.sliding === 'never'
        ? selfCache(layers, perToken)
        : decoderCache(config, layers, layerCount, perToken, sliding),
    modules: decoderOnlyClass(className, base, {
      d,
      config,
      sizes,
      causalLm: () =>
        lmHeadModule(tied, d, vocab, { bias: flagOf(config, description.lmHeadBias) }),
    }),
  };
}
