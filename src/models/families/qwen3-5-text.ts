import type { ConfigFields, RawConfig } from '../config/config-fields.js';
import type { ModelSpec } from '../spec/model-spec.js';
import { decoderOnlyClass, SizeBook } from './building-blocks.js';
import type { Family } from './family.js';
import { type DeltaHybridText, deltaHybridText } from './parts/delta-hybrid-text.js';
import { gatedMlp } from './parts/feed-forward-kinds.js';
import { deltaNetSymbols } from './parts/gated-deltanet.js';
import { qwenMtpLeftOut } from './qwen-mtp-left-out.js';
import { qwen3NextSparseBlock } from './qwen3-next.js';

/** Which Qwen3.5 text model: dense SwiGLU layers, or Qwen3-Next's experts in every layer. */
export type Qwen35Variant = 'dense' | 'moe';

/**
 * The text model of Qwen3.5 (Qwen3_5TextModel, Qwen3_5MoeTextModel) from its config and sizes,
 * under the module `key` it has in its class (`model` in `…ForCausalLM`; a composite nests it as
 * `language_model`): Qwen3-Next's stack with the DeltaNet projections split in four
 * (`in_proj_qkv`, `in_proj_z`, `in_proj_b`, `in_proj_a`). The MoE checkpoints store each expert
 * apart (`experts.N.gate_proj`), which transformers 5 fuses on load into `experts.gate_up_proj`
 * [E, 2·d_moe, d]: the same count.
 */
export function qwen35TextModel(
  config: ConfigFields,
  sizes: SizeBook,
  o: { key: string; variant: Qwen35Variant },
): DeltaHybridText {
  return deltaHybridText(config, sizes, {
    key: o.key,
    name: o.variant === 'moe' ? 'Qwen3_5MoeTextModel' : 'Qwen3_5TextModel',
    projections: 'split',
    feedForward: o.variant === 'moe' ? qwen3NextSparseBlock : gatedMlp(),
  });
}

/** The fields Qwen3_5TextConfig and Qwen3_5MoeTextConfig share, at their defaults. */
const sharedDefaults: RawConfig = {
  vocab_size: 248320,
  num_attention_heads: 16,
  head_dim: 256, // the config's own: never d / n_h
  attention_bias: false, // on all four of Q (with its gate), K, V and O
  tie_word_embeddings: false,
  linear_conv_kernel_dim: 4,
  linear_key_head_dim: 128,
  linear_value_head_dim: 128,
  linear_num_key_heads: 16,
  linear_num_value_heads: 32,
  layer_types: null, // None: full attention iff (i + 1) % full_attention_interval == 0
  full_attention_interval: 4, // a keyword __post_init__ pops, read only to build layer_types
  mtp_num_hidden_layers: 1, // the checkpoint's mtp.* layers (vLLM reads 1 when absent); left out
};

function qwen35Family(o: {
  modelType: string;
  variant: Qwen35Variant;
  classes: readonly string[];
  defaults: RawConfig;
}): Family {
  return {
    modelTypes: [o.modelType],
    defaults: { ...sharedDefaults, ...o.defaults },
    classes: o.classes,
    build: (config, className) => buildQwen35(config, className, o.variant),
  };
}

/** Qwen3.5's dense text model (Qwen3_5TextConfig): a SwiGLU of `intermediate_size` in every layer. */
export const qwen35Text = qwen35Family({
  modelType: 'qwen3_5_text',
  variant: 'dense',
  classes: ['Qwen3_5ForCausalLM', 'Qwen3_5TextModel', 'Qwen3_5TextForSequenceClassification'],
  defaults: {
    hidden_size: 4096,
    intermediate_size: 12288,
    num_hidden_layers: 32,
    num_key_value_heads: 4,
  },
});

/**
 * Qwen3.5-MoE's text model (Qwen3_5MoeTextConfig): every layer sparse, as the config has no
 * `mlp_only_layers` or `decoder_sparse_step`.
 */
export const qwen35MoeText = qwen35Family({
  modelType: 'qwen3_5_moe_text',
  variant: 'moe',
  classes: ['Qwen3_5MoeForCausalLM', 'Qwen3_5MoeTextModel'],
  defaults: {
    hidden_size: 2048,
    num_hidden_layers: 40,
    num_key_value_heads: 2,
    moe_intermediate_size: 512,
    shared_expert_intermediate_size: 512,
    num_experts_per_tok: 8,
    num_experts: 256,
  },
});

function buildQwen35(config: ConfigFields, className: string, variant: Qwen35Variant): ModelSpec {
  const sizes = new SizeBook();
  const text = qwen35TextModel(config, sizes, { key: 'model', variant });
  const tied = config.flag('tie_word_embeddings');
  return {
    name: className,
    sizes: sizes.sizes,
    symbols: deltaNetSymbols,
    kvCache: text.kvCache,
    recurrentState: text.recurrentState,
    // Every layer has the variant's own feed-forward, the MTP layer too.
    leftOut: qwenMtpLeftOut(config, text, { layersField: 'mtp_num_hidden_layers', dense: false }),
    modules: decoderOnlyClass(className, text.base, {
      d: text.d,
      config,
      sizes,
      vocab: text.vocab,
      tied,
    }),
  };
}
