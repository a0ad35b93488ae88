import { mul, type Expr } from '../../expr/nodes.js';
import { requireMultiple, type ConfigFields, type RawConfig } from '../config/config-fields.js';
import type { AttentionSpec, ModelSpec, ModuleSpec } from '../spec/model-spec.js';
import {
  decoderOnlyClass,
  decoderOnlyClassNames,
  lmHeadModule,
  normFactory,
  SizeBook,
} from './building-blocks.js';
import type { Family } from './family.js';
import { allLayers, decoderCache, keysAndValues, type SlidingRule } from './kv-cache-layout.js';

/**
 * The Llama lineage (Llama, Mistral, Qwen2/3, Gemma/Gemma 2, Mixtral, Qwen2-MoE): token embedding,
 * L decoder layers of RMSNorm → attention → RMSNorm → feed-forward, a final RMSNorm, an LM head.
 * The variants differ only in what this description says: biases, head width, extra norms, MoE.
 */
export interface LlamaLikeDescription {
  modelTypes: string[];
  classPrefix: string;
  defaults: RawConfig;
  /** transformers' `attribute_map`: other names a field may be written under. */
  aliases?: Readonly<Record<string, readonly string[]>>;
  /** Which projections carry a bias, from the config. */
  attentionBias(config: ConfigFields): AttentionSpec['bias'];
  mlpBias?(config: ConfigFields): boolean;
  /**
   * Norms on queries and keys: per head over `d_h` (Qwen3, Gemma 3) or over the whole projection,
   * `n_h·d_h` and `n_kv·d_h` (OLMo 2, OLMoE, Cohere); a function when a config flag decides.
   */
  qkNorm?: QkNormWidth | ((config: ConfigFields) => QkNormWidth | undefined);
  /**
   * Where a layer's norms sit: before attention and feed-forward (`pre`, Llama); Gemma 2's four
   * (`sandwich`); after each only (`post`, OLMo 2); one norm before a parallel attention and
   * feed-forward (`parallel`, Cohere). Default `pre`.
   */
  norms?: 'pre' | 'sandwich' | 'post' | 'parallel';
  /** RMSNorm (default); LayerNorm with bias (StarCoder2, PhiMoE); a scale-only LayerNorm (Cohere). */
  normType?: 'rmsnorm' | 'layernorm' | 'scale-layernorm';
  /** A plain two-matrix feed-forward instead of SwiGLU (StarCoder2's c_fc/c_proj). */
  plainMlp?: { keys: { up: string; down: string } };
  /** The mixture-of-experts layers, when the family has them. */
  moe?: (
    config: ConfigFields,
    sizes: SizeBook,
    d: Expr,
  ) => { sparseLayers: bigint; block: () => ModuleSpec };
  /** Learned attention sinks, one per query head (gpt-oss). */
  attentionSinks?: boolean;
  /** A bias on the LM head (PhiMoE's `lm_head_bias`). */
  lmHeadBias?(config: ConfigFields): boolean;
  /** Which layers slide when the config sets `sliding_window` and does not list `layer_types`. */
  sliding?: SlidingRule;
}

/** Over what a Q/K norm normalizes: one head's width, or the whole projection. */
export type QkNormWidth = 'head' | 'full';

/** Declares a Llama-like family from its description. */
export function llamaLikeFamily(description: LlamaLikeDescription): Family {
  return {
    modelTypes: description.modelTypes,
    defaults: description.defaults,
    ...(description.aliases ? { aliases: description.aliases } : {}),
    classes: decoderOnlyClassNames(description.classPrefix),
    build: (config, className) => buildLlamaLike(description, config, className),
  };
}

function buildLlamaLike(
  description: LlamaLikeDescription,
  config: ConfigFields,
  className: string,
): ModelSpec {
  const sizes = new SizeBook();
  const hidden = config.size('hidden_size');
  const heads = config.size('num_attention_heads');
  const kvHeads = config.optionalSize('num_key_value_heads') ?? heads;
  requireMultiple('num_attention_heads', heads, 'num_key_value_heads', kvHeads);
  const headDimValue = config.optionalSize('head_dim') ?? headDimFromWidth(hidden, heads);

  const d = sizes.bind('d_model', hidden);
  const vocab = sizes.bind('V', config.size('vocab_size'));
  const layerCount = config.size('num_hidden_layers');
  const normType = description.normType ?? 'rmsnorm';
  const rms = normFactory(
    normType === 'rmsnorm' ? 'rmsnorm' : 'layernorm',
    d,
    normType === 'scale-layernorm' ? { bias: false } : {},
  );

  const headDim = sizes.bind('d_h', headDimValue);
  const queryHeads = sizes.bind('n_h', heads);
  const keyValueHeads = kvHeads === heads ? queryHeads : sizes.bind('n_kv', kvHeads);
  const qkWidth =
    typeof description.qkNorm === 'function' ? description.qkNorm(config) : description.qkNorm;
  const qkNormType = normType === 'rmsnorm' ? 'rmsnorm' : 'layernorm';
  const attention: AttentionSpec = {
    kind: 'attention',
    key: 'self_attn',
    d,
    heads: queryHeads,
    kvHeads: keyValueHeads,
    headDim,
    bias: description.attentionBias(config),
    ...(qkWidth === 'head'
      ? {
          qkNorm: {
            type: qkNormType,
            qDim: headDim,
            kDim: headDim,
            bias: normType === 'layernorm',
          },
        }
      : {}),
    ...(qkWidth === 'full'
      ? {
          qkNorm: {
            type: qkNormType,
            qDim: mul(queryHeads, headDim),
            kDim: mul(keyValueHeads, headDim),
            bias: normType === 'layernorm',
          },
        }
      : {}),
    ...(description.attentionSinks ? { sinks: queryHeads } : {}),
  };
  const norms = layerNorms[description.norms ?? 'pre'].map(([key, label]) => rms(key, label));
  const layerOf = (mlp: ModuleSpec, label: string): ModuleSpec => ({
    kind: 'group',
    key: 'layer',
    name: 'decoder layer',
    label,
    children: [attention, mlp, ...norms],
  });

  const denseMlp = (): ModuleSpec => ({
    kind: 'mlp',
    key: 'mlp',
    d,
    dFF: sizes.bind('d_ff', config.size('intermediate_size')),
    gated: !description.plainMlp,
    bias: description.mlpBias?.(config) ?? false,
    role: 'mlp',
    ...(description.plainMlp ? { keys: description.plainMlp.keys } : {}),
  });
  const stacks: ModuleSpec[] = [];
  const sparse = description.moe?.(config, sizes, d);
  if (!sparse || sparse.sparseLayers < layerCount) {
    const dense = sparse ? layerCount - sparse.sparseLayers : layerCount;
    const count = sparse ? sizes.bind('L_dense', dense) : sizes.bind('L', layerCount);
    stacks.push({
      kind: 'repeat',
      key: 'layers',
      name: sparse ? 'dense decoder layers' : 'decoder layers',
      label: sparse ? 'dense layers' : 'layers',
      count,
      child: layerOf(denseMlp(), 'layer'),
    });
  }
  if (sparse && sparse.sparseLayers > 0n) {
    const count =
      sparse.sparseLayers === layerCount
        ? sizes.bind('L', layerCount)
        : sizes.bind('L_moe', sparse.sparseLayers);
    stacks.push({
      kind: 'repeat',
      key: sparse.sparseLayers === layerCount ? 'layers' : 'moe_layers',
      name: 'MoE decoder layers',
      label: 'moe layers',
      count,
      child: layerOf(sparse.block(), 'moe-layer'),
    });
  }

  const base: ModuleSpec = {
    kind: 'group',
    key: 'model',
    name: `${description.classPrefix}Model`,
    label: 'base',
    children: [
      {
        kind: 'embedding',
        key: 'embed_tokens',
        name: 'token embeddings',
        label: 'tok',
        role: 'token-embedding',
        rows: vocab,
        dim: d,
      },
      ...stacks,
      rms('norm', 'final'),
    ],
  };
  const tied = config.flag('tie_word_embeddings');
  const counts = stacks.map((s) => (s as { count: Expr }).count);
  return {
    name: className,
    sizes: sizes.sizes,
    kvCache: decoderCache(
      config,
      allLayers(counts),
      layerCount,
      keysAndValues(keyValueHeads, headDim),
      description.sliding,
    ),
    modules: decoderOnlyClass(className, base, {
      d,
      config,
      sizes,
      causalLm: () =>
        lmHeadModule(tied, d, vocab, { bias: description.lmHeadBias?.(config) ?? false }),
    }),
  };
}

/** The norms of a layer, by placement: module name and label. */
const layerNorms: Record<NonNullable<LlamaLikeDescription['norms']>, Array<[string, string]>> = {
  pre: [
    ['input_layernorm', 'in'],
    ['post_attention_layernorm', 'post'],
  ],
  sandwich: [
    ['input_layernorm', 'in'],
    ['post_attention_layernorm', 'post-attn'],
    ['pre_feedforward_layernorm', 'pre-ffn'],
    ['post_feedforward_layernorm', 'post-ffn'],
  ],
  post: [
    ['post_attention_layernorm', 'post-attn'],
    ['post_feedforward_layernorm', 'post-ffn'],
  ],
  parallel: [['input_layernorm', 'in']],
};

/** `head_dim` defaults to `hidden_size / num_attention_heads`, which must then divide exactly. */
export function headDimFromWidth(hidden: bigint, heads: bigint): bigint {
  requireMultiple('hidden_size', hidden, 'num_attention_heads', heads);
  return hidden / heads;
}

/** Every projection biased as `attention_bias` says (Llama, Gemma, Qwen3). */
export const biasFromAttentionBias = (config: ConfigFields): AttentionSpec['bias'] => {
  const b = config.flag('attention_bias');
  return { q: b, k: b, v: b, o: b };
};

/** Qwen2's fixed layout: biases on Q, K and V, none on O. */
export const qwenBias = (): AttentionSpec['bias'] => ({ q: true, k: true, v: true, o: false });

export const noBias = (): AttentionSpec['bias'] => ({ q: false, k: false, v: false, o: false });
