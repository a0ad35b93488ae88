import { fieldError } from '../../errors/user-error.js';
import type { ConfigFields } from '../config/config-fields.js';
import type { KvCacheLayout, ModelSpec, ModuleSpec } from '../spec/model-spec.js';
import type { Expr } from '../../expr/nodes.js';
import {
  decoderOnlyClass,
  decoderOnlyClassNames,
  SizeBook,
  tokenEmbeddings,
} from './building-blocks.js';
import type { Family } from './family.js';
import { keysAndValues, selfCache } from './kv-cache-layout.js';
import { separateQkv } from './parts/attention-kinds.js';
import type { LayerContext } from './parts/layer-context.js';
import { layerKinds, layerKindStacks } from './parts/layer-kinds.js';
import { lightningAttention, lightningState } from './parts/lightning-attention.js';
import { expertsBlock } from './parts/moe-blocks.js';
import { decoderNorm, layerNorms, normPlacements } from './parts/norm-placements.js';
import { decoderPrologue } from './parts/prologue.js';

/** MiniMaxAttention is Mixtral's: bias-free Q, K, V and O, no Q/K norms. */
const attention = separateQkv({ bias: { layout: 'none' } });

/**
 * The experts of every layer, under the names MiniMax-Text-01-hf's checkpoint holds them (Mixtral's:
 * `block_sparse_moe.gate`, `experts.N.w1/w3/w2`); transformers 5 fuses them on load into
 * `mlp.experts.gate_up_proj`, the same count.
 */
const experts = expertsBlock({
  key: 'block_sparse_moe',
  experts: 'num_local_experts',
  keys: { gate: 'w1', up: 'w3', down: 'w2' },
});

const layerTypes = { full_attention: 'attention', linear_attention: 'linear' };

/**
 * The kind of each layer: `layer_types`, else the original checkpoints' `attn_type_list`
 * (1 full attention, 0 lightning), else MiniMaxConfig's default: full attention at even indices.
 */
function miniMaxLayers(config: ConfigFields): string[] {
  const legacy = config.value('layer_types') == null ? config.value('attn_type_list') : undefined;
  if (legacy === undefined || legacy === null)
    return layerKinds(config, 'layer_types', layerTypes, (i) =>
      (i + 1) % 2 ? 'attention' : 'linear',
    );
  const layers = config.size('num_hidden_layers');
  if (!Array.isArray(legacy) || BigInt(legacy.length) !== layers)
    throw fieldError('attn_type_list', legacy, `a list of ${layers} entries, 0 or 1`);
  return legacy.map((t, i) => {
    if (t !== 0 && t !== 1) throw fieldError(`attn_type_list[${i}]`, t, '0 or 1');
    return t === 1 ? 'attention' : 'linear';
  });
}

/** The attention layers' cache: all of them slide when `sliding_window` is set (Mixtral's mask). */
function miniMaxCache(config: ConfigFields, layers: Expr, perToken: Expr): KvCacheLayout {
  const window = config.value('sliding_window');
  if (typeof window !== 'number' || !Number.isSafeInteger(window) || window < 1)
    return selfCache(layers, perToken);
  return { entries: [{ name: 'sliding', layers, perToken, window: BigInt(window) }], sizes: {} };
}

/**
 * MiniMax (modeling_minimax.py, MiniMax-Text-01): lightning-attention layers and softmax attention
 * layers as `layer_types` says, experts in every layer, two RMSNorms a layer (the residual
 * alpha/beta factors are numbers, not weights); untied head.
 */
export const miniMax: Family = {
  modelTypes: ['minimax'],
  defaults: {
    vocab_size: 32000,
    hidden_size: 4096,
    intermediate_size: 14336, // each expert's d_ff
    num_hidden_layers: 32,
    num_attention_heads: 32,
    num_key_value_heads: 8,
    head_dim: null, // None: d / n_h, for both kinds of attention
    tie_word_embeddings: false,
    sliding_window: null, // None: the attention layers keep every token
    num_experts_per_tok: 2,
    num_local_experts: 8,
    layer_types: null, // None: full attention iff (i + 1) % 2 != 0, lightning otherwise
    attn_type_list: null, // not MiniMaxConfig's: the original checkpoints' layer list
  },
  aliases: { num_local_experts: ['num_experts'] }, // MiniMaxConfig's attribute_map
  classes: decoderOnlyClassNames('MiniMax'),
  build: (config, className) => buildMiniMax(config, className),
};

function buildMiniMax(config: ConfigFields, className: string): ModelSpec {
  const sizes = new SizeBook();
  const { d, vocab, widths } = decoderPrologue(config, sizes);
  const context: LayerContext = { config, sizes, d, widths, norm: 'rmsnorm' };
  const layerOf =
    (mixer: () => ModuleSpec) =>
    (label: string): ModuleSpec => ({
      kind: 'group',
      key: 'layer',
      name: 'decoder layer',
      label,
      children: [mixer(), experts(context), ...layerNorms(context, normPlacements.pre)],
    });
  const { stacks, countOf } = layerKindStacks(sizes, miniMaxLayers(config), {
    linear: {
      tag: 'lin',
      name: 'lightning-attention layers',
      layer: layerOf(() => lightningAttention(d, widths)),
    },
    attention: { tag: 'attn', name: 'attention layers', layer: layerOf(() => attention(context)) },
  });
  const base: ModuleSpec = {
    kind: 'group',
    key: 'model',
    name: 'MiniMaxModel',
    label: 'base',
    children: [
      tokenEmbeddings('embed_tokens', vocab, d),
      ...stacks,
      decoderNorm(context)('norm', 'final'),
    ],
  };
  const attentionLayers = countOf('attention');
  const linearLayers = countOf('linear');
  const tied = config.flag('tie_word_embeddings');
  return {
    name: className,
    sizes: sizes.sizes,
    ...(attentionLayers
      ? {
          kvCache: miniMaxCache(
            config,
            attentionLayers,
            keysAndValues(widths.keyValueHeads, widths.headDim),
          ),
        }
      : {}),
    ...(linearLayers
      ? { recurrentState: { entries: [lightningState(linearLayers, widths)] } }
      : {}),
    modules: decoderOnlyClass(className, base, {
      d,
      config,
      sizes,
      vocab,
      tied,
    }),
  };
}
