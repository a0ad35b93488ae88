import type { Expr } from '../../expr/nodes.js';
import { requireMultiple, type ConfigFields, type RawConfig } from '../config/config-fields.js';
import type { AttentionSpec, ModelSpec, ModuleSpec } from '../spec/model-spec.js';
import { countLayers, decoderOnlyClass, decoderOnlyClassNames, lmHeadModule, normFactory, SizeBook } from './building-blocks.js';
import type { Family } from './family.js';

/**
 * The Llama lineage (Llama, Mistral, Qwen2/3, Gemma/Gemma 2, Mixtral, Qwen2-MoE): token embedding,
 * L decoder layers of RMSNorm → attention → RMSNorm → feed-forward, a final RMSNorm, an LM head.
 * The variants differ only in what this description says: biases, head width, extra norms, MoE.
 */
export interface LlamaLikeDescription {
  modelTypes: string[];
  classPrefix: string;
  defaults: RawConfig;
  /** Which projections carry a bias, from the config. */
  attentionBias(config: ConfigFields): AttentionSpec['bias'];
  mlpBias?(config: ConfigFields): boolean;
  /** Per-head RMSNorm on queries and keys (Qwen3). */
  qkNorm?: boolean;
  /** Gemma 2's extra pre/post feed-forward norms: four norms a layer. */
  sandwichNorms?: boolean;
  /** LayerNorm (with bias) instead of RMSNorm (StarCoder2). */
  layerNorm?: boolean;
  /** A plain two-matrix feed-forward instead of SwiGLU (StarCoder2's c_fc/c_proj). */
  plainMlp?: { keys: { up: string; down: string } };
  /** The mixture-of-experts layers, when the family has them. */
  moe?: (config: ConfigFields, sizes: SizeBook, d: Expr) => { sparseLayers: bigint; block: () => ModuleSpec };
}

/** Declares a Llama-like family from its description. */
export function llamaLikeFamily(description: LlamaLikeDescription): Family {
  return {
    modelTypes: description.modelTypes,
    defaults: description.defaults,
    classes: decoderOnlyClassNames(description.classPrefix),
    build: (config, className) => buildLlamaLike(description, config, className),
  };
}

function buildLlamaLike(description: LlamaLikeDescription, config: ConfigFields, className: string): ModelSpec {
  const sizes = new SizeBook();
  const hidden = config.size('hidden_size');
  const heads = config.size('num_attention_heads');
  const kvHeads = config.optionalSize('num_key_value_heads') ?? heads;
  requireMultiple('num_attention_heads', heads, 'num_key_value_heads', kvHeads);
  const headDimValue = config.optionalSize('head_dim') ?? headDimFromWidth(hidden, heads);

  const d = sizes.bind('d_model', hidden);
  const vocab = sizes.bind('V', config.size('vocab_size'));
  const layerCount = config.size('num_hidden_layers');
  const rms = normFactory(description.layerNorm ? 'layernorm' : 'rmsnorm', d);

  const headDim = sizes.bind('d_h', headDimValue);
  const attention: AttentionSpec = {
    kind: 'attention',
    key: 'self_attn',
    d,
    heads: sizes.bind('n_h', heads),
    kvHeads: kvHeads === heads ? sizes.bind('n_h', heads) : sizes.bind('n_kv', kvHeads),
    headDim,
    bias: description.attentionBias(config),
    ...(description.qkNorm ? { qkNorm: { type: 'rmsnorm', qDim: headDim, kDim: headDim } } : {}),
  };
  const norms = description.sandwichNorms
    ? [rms('input_layernorm', 'in'), rms('post_attention_layernorm', 'post-attn'), rms('pre_feedforward_layernorm', 'pre-ffn'), rms('post_feedforward_layernorm', 'post-ffn')]
    : [rms('input_layernorm', 'in'), rms('post_attention_layernorm', 'post')];
  const layerOf = (mlp: ModuleSpec, label: string): ModuleSpec => ({ kind: 'group', key: 'layer', name: 'decoder layer', label, children: [attention, mlp, ...norms] });

  const denseMlp = (): ModuleSpec => ({
    kind: 'mlp', key: 'mlp', d, dFF: sizes.bind('d_ff', config.size('intermediate_size')), gated: !description.plainMlp, bias: description.mlpBias?.(config) ?? false, role: 'mlp',
    ...(description.plainMlp ? { keys: description.plainMlp.keys } : {}),
  });
  const stacks: ModuleSpec[] = [];
  const sparse = description.moe?.(config, sizes, d);
  if (!sparse || sparse.sparseLayers < layerCount) {
    const dense = sparse ? layerCount - sparse.sparseLayers : layerCount;
    const count = sparse ? sizes.bind('L_dense', dense) : sizes.bind('L', layerCount);
    stacks.push({ kind: 'repeat', key: 'layers', name: sparse ? 'dense decoder layers' : 'decoder layers', label: sparse ? 'dense layers' : 'layers', count, child: layerOf(denseMlp(), 'layer') });
  }
  if (sparse && sparse.sparseLayers > 0n) {
    const count = sparse.sparseLayers === layerCount ? sizes.bind('L', layerCount) : sizes.bind('L_moe', sparse.sparseLayers);
    stacks.push({ kind: 'repeat', key: sparse.sparseLayers === layerCount ? 'layers' : 'moe_layers', name: 'MoE decoder layers', label: 'moe layers', count, child: layerOf(sparse.block(), 'moe-layer') });
  }

  const base: ModuleSpec = {
    kind: 'group',
    key: 'model',
    name: `${description.classPrefix}Model`,
    label: 'base',
    children: [{ kind: 'embedding', key: 'embed_tokens', name: 'token embeddings', label: 'tok', role: 'token-embedding', rows: vocab, dim: d }, ...stacks, rms('norm', 'final')],
  };
  const tied = config.flag('tie_word_embeddings');
  return {
    name: className,
    sizes: sizes.sizes,
    modules: decoderOnlyClass(className, base, { d, config, sizes, causalLm: () => lmHeadModule(tied, d, vocab) }),
  };
}

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

export { countLayers };
