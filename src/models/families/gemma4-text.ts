import { sym } from '../../expr/nodes.js';
import type { ConfigFields } from '../config/config-fields.js';
import type { KvCacheLayout, KvCacheSpec, ModelSpec, ModuleSpec } from '../spec/model-spec.js';
import { decoderOnlyClass, SizeBook, tokenEmbeddings } from './building-blocks.js';
import type { Family } from './family.js';
import {
  gemma4Attention,
  gemma4KindTags,
  gemma4LayerKinds,
  gemma4Mlp,
  gemma4Moe,
  type HeadLayout,
  kindId,
} from './gemma4-layers.js';
import { keysAndValues } from './kv-cache-layout.js';
import type { LayerContext } from './parts/layer-context.js';
import { layerKindStacks, type LayerKind } from './parts/layer-kinds.js';
import { decoderNorm, layerNorms, normPlacements } from './parts/norm-placements.js';
import { perLayerEmbeddings, perLayerInput, perLayerWidth } from './parts/per-layer-embeddings.js';
import { decoderPrologue } from './parts/prologue.js';

/** What the symbols Gemma 4 adds to the table stand for. */
const gemma4Symbols = {
  V_ple: { meaning: 'vocabulary of the per-layer embeddings', field: 'vocab_size_per_layer_input' },
  d_hg: { meaning: 'head width of the full-attention layers', field: 'global_head_dim' },
  n_kvg: {
    meaning: 'key/value heads of the full-attention layers',
    field: 'num_global_key_value_heads',
  },
  L_slide: { meaning: 'sliding-attention layers with their own K/V' },
  L_full: { meaning: 'full-attention layers with their own K/V' },
  L_slide_kv: { meaning: 'sliding-attention layers reusing an earlier layer’s K/V' },
  L_full_kv: { meaning: 'full-attention layers reusing an earlier layer’s K/V' },
} as const;

/**
 * The full layers' head layout: `global_head_dim` wide (when set), with `num_global_key_value_heads`
 * and keys as values when `attention_k_eq_v` is on (Gemma4TextAttention's "alternative attention").
 */
function fullLayout(context: LayerContext, sliding: HeadLayout): HeadLayout {
  const { config, sizes, widths } = context;
  // `config.global_head_dim or config.head_dim`: null or 0 leaves the sliding width.
  const value = config.value('global_head_dim');
  const global = value === null || value === 0 ? undefined : config.size('global_head_dim');
  const headDim =
    global && global !== config.size('head_dim') ? sizes.bind('d_hg', global) : widths.headDim;
  const keysAsValues = config.flag('attention_k_eq_v');
  const globalKv = keysAsValues ? config.optionalSize('num_global_key_value_heads') : undefined;
  const kvHeads =
    globalKv === undefined || globalKv === config.size('num_key_value_heads')
      ? sliding.kvHeads
      : sizes.bind('n_kvg', globalKv);
  return { headDim, kvHeads, keysAsValues };
}

/** The cache: layers with their own K/V keep it (sliding ones a window); sharing layers keep none. */
function gemma4Cache(
  config: ConfigFields,
  counts: { slide: bigint; full: bigint },
  layouts: { slide: HeadLayout; full: HeadLayout },
): KvCacheLayout {
  const window = config.optionalSize('sliding_window');
  const entries: KvCacheSpec[] = [];
  if (counts.full > 0n)
    entries.push({
      name: 'self',
      layers: sym('L_global'),
      perToken: keysAndValues(layouts.full.kvHeads, layouts.full.headDim),
    });
  if (counts.slide > 0n)
    entries.push({
      name: 'sliding',
      layers: sym('L_local'),
      perToken: keysAndValues(layouts.slide.kvHeads, layouts.slide.headDim),
      ...(window === undefined ? {} : { window }),
    });
  return { entries, sizes: { L_global: counts.full, L_local: counts.slide } };
}

function buildGemma4Text(config: ConfigFields, className: string): ModelSpec {
  const sizes = new SizeBook();
  const { d, vocab, layerCount, widths } = decoderPrologue(config, sizes);
  const context: LayerContext = { config, sizes, d, widths, norm: 'rmsnorm' };
  const kinds = gemma4LayerKinds(config, Number(layerCount));
  const slide: HeadLayout = {
    headDim: widths.headDim,
    kvHeads: widths.keyValueHeads,
    keysAsValues: false,
  };
  const full = fullLayout(context, slide);
  const ple = perLayerWidth(context);
  const moe = config.flag('enable_moe_block');
  const doubleWide = config.flag('use_double_wide_mlp');
  const norms = layerNorms(context, normPlacements.sandwich);
  const descriptions: Record<string, LayerKind> = {};
  for (const kind of kinds) {
    const { tag, name } = gemma4KindTags[kindId(kind)];
    descriptions[kindId(kind)] = {
      tag,
      name,
      layer: (label) => ({
        kind: 'group',
        key: 'layer',
        name: 'decoder layer',
        label,
        children: [
          gemma4Attention(context, kind.full ? full : slide, kind.sharedKv),
          // `layer_idx >= first > 0`: when every layer shares K/V, none is double wide.
          gemma4Mlp(context, doubleWide && kind.sharedKv && !kinds[0]!.sharedKv),
          ...(moe ? gemma4Moe(context) : []),
          ...norms,
          ...(ple ? perLayerInput(context, ple) : []),
        ],
      }),
    };
  }
  const layersSymbol = sizes.bind('L', layerCount);
  const { stacks } = layerKindStacks(sizes, kinds.map(kindId), descriptions);
  const base: ModuleSpec = {
    kind: 'group',
    key: 'model',
    name: 'Gemma4TextModel',
    label: 'base',
    children: [
      tokenEmbeddings('embed_tokens', vocab, d),
      ...stacks,
      decoderNorm(context)('norm', 'final'),
      ...(ple ? perLayerEmbeddings(context, ple, layersSymbol) : []),
    ],
  };
  const own = (isFull: boolean) =>
    BigInt(kinds.filter((k) => k.full === isFull && !k.sharedKv).length);
  return {
    name: className,
    sizes: sizes.sizes,
    symbols: gemma4Symbols,
    kvCache: gemma4Cache(config, { slide: own(false), full: own(true) }, { slide, full }),
    modules: decoderOnlyClass(className, base, {
      d,
      config,
      sizes,
      vocab,
    }),
  };
}

/**
 * Gemma 4's text model (modeling_gemma4.py: Gemma4ForCausalLM, Gemma4TextModel): Gemma 3's
 * sandwich norms and per-head Q/K norms, full layers of their own head width (and with
 * `attention_k_eq_v` their own K/V heads and no `v_proj`), the last `num_kv_shared_layers`
 * layers without K/V, per-layer embeddings and an optional MoE block beside the MLP.
 */
export const gemma4Text: Family = {
  modelTypes: ['gemma4_text'],
  // Gemma4TextConfig's defaults, one field a line.
  defaults: {
    vocab_size: 262144,
    hidden_size: 2304,
    intermediate_size: 9216,
    num_hidden_layers: 30,
    num_attention_heads: 8,
    num_key_value_heads: 4,
    head_dim: 256, // the sliding layers' head width
    global_head_dim: 512, // the full layers' head width
    num_global_key_value_heads: null, // none: the full layers keep num_key_value_heads
    attention_bias: false,
    sliding_window: 512,
    layer_types: null, // none: five sliding layers then one full, the last always full
    tie_word_embeddings: true,
    vocab_size_per_layer_input: 262144, // rows of the per-layer embedding table
    hidden_size_per_layer_input: 256, // each layer's slice of it (0 or null: no PLE)
    attention_k_eq_v: false, // full layers reuse k_proj as values, with n_kvg heads
    num_kv_shared_layers: 0, // the last N layers reuse an earlier layer's K/V
    enable_moe_block: false, // a routed MoE beside each layer's MLP
    use_double_wide_mlp: false, // twice intermediate_size in the K/V-sharing layers
    num_experts: null,
    top_k_experts: null,
    moe_intermediate_size: null,
  },
  classes: ['Gemma4ForCausalLM', 'Gemma4TextModel'],
  build: buildGemma4Text,
};
