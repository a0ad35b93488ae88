import { add, type Expr } from '../../expr/nodes.js';
import { fieldError } from '../../errors/user-error.js';
import type { ConfigFields } from '../config/config-fields.js';
import type { ModelSpec, ModuleSpec } from '../spec/model-spec.js';
import { decoderOnlyClass, SizeBook, tokenEmbeddings } from './building-blocks.js';
import type { Family } from './family.js';
import { attentionLayersCache, keysAndValues } from './kv-cache-layout.js';
import { separateQkv } from './parts/attention-kinds.js';
import type { LayerContext } from './parts/layer-context.js';
import { layerKinds, layerKindStacks } from './parts/layer-kinds.js';
import { decoderNorm, layerNorms, type NormPlacement } from './parts/norm-placements.js';
import { decoderPrologue } from './parts/prologue.js';
import { shortConv, shortConvState } from './parts/short-conv.js';

/** The symbol of the convolution's width, not a built-in row. */
const lfm2Symbols = {
  L_cache: { meaning: 'width of the short convolution', field: 'conv_L_cache' },
} as const;

/** Lfm2Attention: bias-free Q, K, V and `out_proj`, an RMSNorm of `d_h` on each query and key head. */
const attention = separateQkv({
  bias: { layout: 'none' },
  keys: { o: 'out_proj' },
  qkNorm: { over: 'head', keys: { q: 'q_layernorm', k: 'k_layernorm' } },
});

/** `operator_norm` before the mixer, `ffn_norm` before the feed-forward. */
const norms: NormPlacement = [
  ['operator_norm', 'op'],
  ['ffn_norm', 'ffn'],
];

/** A float field: a finite number, or the reason it is not. */
function float(config: ConfigFields, field: string): number {
  const value = config.value(field);
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    throw fieldError(field, value, 'a positive number');
  return value;
}

/**
 * Lfm2MLP's width: `intermediate_size`, or with `block_auto_adjust_ff_dim` `int(2·f / 3)`, then,
 * when `block_ffn_dim_multiplier` is set, `int(multiplier · f)` rounded up to `block_multiple_of`
 * (LFM2-1.2B: 12288 → 8192 → 8192). Python's float arithmetic is a double's, as here.
 */
export function lfm2FeedForwardWidth(config: ConfigFields): bigint {
  const written = config.size('intermediate_size');
  if (!config.flag('block_auto_adjust_ff_dim')) return written;
  if (written > BigInt(Number.MAX_SAFE_INTEGER))
    throw fieldError('intermediate_size', written, `at most ${Number.MAX_SAFE_INTEGER}`);
  let width = BigInt(Math.trunc((2 * Number(written)) / 3));
  const multiplier = config.value('block_ffn_dim_multiplier');
  if (multiplier === null || multiplier === undefined) return width;
  width = BigInt(Math.trunc(float(config, 'block_ffn_dim_multiplier') * Number(width)));
  const step = config.size('block_multiple_of');
  return step * ((width + step - 1n) / step);
}

/** The kind of each layer: `layer_types`, else attention at `full_attn_idxs` (all, unset). */
function lfm2Layers(config: ConfigFields): string[] {
  const kinds = { full_attention: 'attention', conv: 'conv' };
  // Read only when layer_types is unset: Lfm2Config ignores full_attn_idxs otherwise.
  let attends: ((i: number) => boolean) | undefined;
  return layerKinds(config, 'layer_types', kinds, (i) => {
    attends ??= attentionIndices(config);
    return attends(i) ? 'attention' : 'conv';
  });
}

/** Whether layer i attends by `full_attn_idxs`: every layer when it is unset. */
function attentionIndices(config: ConfigFields): (i: number) => boolean {
  const listed = config.value('full_attn_idxs');
  if (listed === null || listed === undefined) return () => true;
  if (!Array.isArray(listed)) throw fieldError('full_attn_idxs', listed, 'a list of layer indices');
  const indices = new Set(
    listed.map((index: unknown, i) => {
      if (typeof index !== 'number' || !Number.isSafeInteger(index) || index < 0)
        throw fieldError(`full_attn_idxs[${i}]`, index, 'a layer index, a whole number ≥ 0');
      return index;
    }),
  );
  return (i) => indices.has(i);
}

/**
 * LFM2 (modeling_lfm2.py): short-convolution layers and attention layers as `layer_types` says,
 * each with a SwiGLU `feed_forward` (w1, w3, w2) and two RMSNorms; the final norm is
 * `embedding_norm`; tied head by default.
 */
export const lfm2: Family = {
  modelTypes: ['lfm2'],
  defaults: {
    vocab_size: 65536,
    hidden_size: 2560,
    intermediate_size: 12288, // before the width rule of lfm2FeedForwardWidth
    num_hidden_layers: 32,
    num_attention_heads: 32,
    num_key_value_heads: 8,
    head_dim: null, // Lfm2Config has none: d / n_h unless config.json sets one
    tie_word_embeddings: true,
    conv_bias: false, // on in_proj, conv and out_proj alike
    conv_L_cache: 3, // the short convolution's kernel
    block_multiple_of: 256,
    block_ffn_dim_multiplier: 1.0,
    block_auto_adjust_ff_dim: true,
    full_attn_idxs: null, // None: every layer attends, unless layer_types says otherwise
    layer_types: null, // None: built from full_attn_idxs
  },
  // Lfm2Config reads the original checkpoints' keys: `block_ff_dim`, `tie_embedding`.
  aliases: { intermediate_size: ['block_ff_dim'], tie_word_embeddings: ['tie_embedding'] },
  classes: ['Lfm2ForCausalLM', 'Lfm2Model'],
  build: (config, className) => buildLfm2(config, className),
};

function buildLfm2(config: ConfigFields, className: string): ModelSpec {
  const sizes = new SizeBook();
  const { d, vocab, widths } = decoderPrologue(config, sizes);
  const context: LayerContext = { config, sizes, d, widths, norm: 'rmsnorm' };
  const kernel = sizes.bind('L_cache', config.size('conv_L_cache'));
  const bias = config.flag('conv_bias');
  const feedForward = (): ModuleSpec => ({
    kind: 'mlp',
    key: 'feed_forward',
    d,
    dFF: sizes.bind('d_ff', lfm2FeedForwardWidth(config)),
    gated: true,
    bias: false,
    role: 'mlp',
    keys: { gate: 'w1', up: 'w3', down: 'w2' },
  });
  const layerOf =
    (mixer: () => ModuleSpec) =>
    (label: string): ModuleSpec => ({
      kind: 'group',
      key: 'layer',
      name: 'decoder layer',
      label,
      children: [mixer(), feedForward(), ...layerNorms(context, norms)],
    });
  const { stacks, countOf } = layerKindStacks(sizes, lfm2Layers(config), {
    conv: {
      tag: 'conv',
      name: 'short-convolution layers',
      layer: layerOf(() => shortConv(d, kernel, bias)),
    },
    attention: { tag: 'attn', name: 'attention layers', layer: layerOf(() => attention(context)) },
  });
  const counts = ['conv', 'attention'].map(countOf).filter((c): c is Expr => c !== undefined);
  const base: ModuleSpec = {
    kind: 'group',
    key: 'model',
    name: 'Lfm2Model',
    label: 'base',
    children: [
      tokenEmbeddings('embed_tokens', vocab, d),
      ...stacks,
      decoderNorm(context)('embedding_norm', 'final'),
    ],
  };
  const attentionLayers = countOf('attention');
  const tied = config.flag('tie_word_embeddings');
  return {
    name: className,
    sizes: sizes.sizes,
    symbols: lfm2Symbols,
    ...attentionLayersCache(attentionLayers, keysAndValues(widths.keyValueHeads, widths.headDim)),
    recurrentState: { entries: [shortConvState(add(...counts), d, kernel)] },
    modules: decoderOnlyClass(className, base, {
      d,
      config,
      sizes,
      vocab,
      tied,
    }),
  };
}
