import { mul } from '../../expr/nodes.js';
import { requireMultiple, type ConfigFields, type RawConfig } from '../config/config-fields.js';
import type { ModelSpec, ModuleSpec } from '../spec/model-spec.js';
import {
  decoderOnlyClass,
  expertsPerToken,
  normFactory,
  SizeBook,
  tokenEmbeddings,
} from './building-blocks.js';
import { v3LeftOut } from './deepseek-left-out.js';
import type { Family } from './family.js';
import { firstDenseStacks } from './parts/layer-stack.js';
import { latentAttention, latentCache } from './parts/latent-attention.js';

/**
 * DeepSeek-V2 and V3 (modeling_deepseek_v2.py / _v3.py). Multi-head latent attention: queries
 * through `q_proj` (d → n_h·(d_nope + d_rope)), or, with `q_lora_rank`, `q_a_proj` → RMSNorm →
 * `q_b_proj`; keys and values through `kv_a_proj_with_mqa` (d → r_kv + d_rope) → RMSNorm →
 * `kv_b_proj` (r_kv → n_h·(d_nope + d_v)); `o_proj` (n_h·d_v → d). `attention_bias` applies to
 * q_a, kv_a and o. Layer i is MoE when i ≥ `first_k_dense_replace`: a router `E × d` (V3's
 * `e_score_correction_bias` is a buffer, not a parameter), E gated experts of `moe_intermediate_size`,
 * and shared experts of `moe_intermediate_size · n_shared_experts`; the first layers are dense.
 */
function deepseekFamily(
  modelTypes: string[],
  prefix: string,
  defaults: RawConfig,
  alwaysShared: boolean,
): Family {
  return {
    modelTypes,
    defaults,
    aliases: { n_routed_experts: ['num_local_experts'] },
    classes: [`${prefix}ForCausalLM`, `${prefix}Model`, `${prefix}ForSequenceClassification`],
    build: (config, className) => buildDeepseek(config, className, prefix, alwaysShared),
  };
}

function buildDeepseek(
  config: ConfigFields,
  className: string,
  prefix: string,
  alwaysShared: boolean,
): ModelSpec {
  const sizes = new SizeBook();
  const d = sizes.bind('d_model', config.size('hidden_size'));
  const vocab = sizes.bind('V', config.size('vocab_size'));
  const heads = config.size('num_attention_heads');
  const kvHeads = config.optionalSize('num_key_value_heads') ?? heads;
  requireMultiple('num_attention_heads', heads, 'num_key_value_heads', kvHeads);
  const layers = config.size('num_hidden_layers');
  const denseLayers = bigMin(config.count('first_k_dense_replace'), layers);
  const rms = normFactory('rmsnorm', d);

  const attention = latentAttention(config, sizes, d, heads);
  const layerOf = (mlp: ModuleSpec, label: string): ModuleSpec => ({
    kind: 'group',
    key: 'layer',
    name: 'decoder layer',
    label,
    children: [
      attention,
      mlp,
      rms('input_layernorm', 'in'),
      rms('post_attention_layernorm', 'post'),
    ],
  });
  const denseMlp = (): ModuleSpec => ({
    kind: 'mlp',
    key: 'mlp',
    d,
    dFF: sizes.bind('d_ff', config.size('intermediate_size')),
    gated: true,
    bias: false,
    role: 'mlp',
  });
  const experts = (): ModuleSpec => {
    const expertWidth = sizes.bind('d_moe', config.size('moe_intermediate_size'));
    const sharedCount = alwaysShared
      ? config.size('n_shared_experts')
      : config.optionalSize('n_shared_experts');
    return {
      kind: 'moe',
      key: 'mlp',
      d,
      role: 'mlp',
      ...expertsPerToken(config, sizes),
      experts: sizes.bind('E', config.size('n_routed_experts')),
      expert: { dFF: expertWidth, gated: true, bias: false },
      ...(sharedCount !== undefined
        ? {
            shared: {
              dFF: mul(sizes.bind('n_shared', sharedCount), expertWidth),
              gated: true,
              bias: false,
            },
          }
        : {}),
    };
  };
  const stacks = firstDenseStacks(
    sizes,
    layers,
    denseLayers,
    (label) => layerOf(denseMlp(), label),
    (label) => layerOf(experts(), label),
  );
  const base: ModuleSpec = {
    kind: 'group',
    key: 'model',
    name: `${prefix}Model`,
    label: 'base',
    children: [tokenEmbeddings('embed_tokens', vocab, d), ...stacks, rms('norm', 'final')],
  };
  const tied = config.flag('tie_word_embeddings');
  const moeLayer = denseLayers < layers ? stacks[stacks.length - 1]! : undefined;
  const leftOut =
    prefix === 'DeepseekV3' && moeLayer?.kind === 'repeat'
      ? v3LeftOut(config, d, vocab, moeLayer)
      : [];
  return {
    name: className,
    sizes: sizes.sizes,
    kvCache: latentCache(),
    modules: decoderOnlyClass(className, base, {
      d,
      config,
      sizes,
      vocab,
      tied,
    }),
    ...(leftOut.length > 0 ? { leftOut } : {}),
  };
}

function bigMin(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

const shared = {
  num_nextn_predict_layers: 0, // DeepSeek-V2-Lite leaves it out
  max_position_embeddings: 2048,
  attention_bias: false, // DeepSeek-V2-Lite, DeepSeek-V3 leave it out
  tie_word_embeddings: false,
  num_key_value_heads: null,
  qk_nope_head_dim: 128,
  qk_rope_head_dim: 64,
  v_head_dim: 128,
  kv_lora_rank: 512,
  q_lora_rank: 1536,
};

/** DeepSeek-V2: DeepseekV2Config defaults; no shared experts when `n_shared_experts` is null. */
export const deepseekV2 = deepseekFamily(
  ['deepseek_v2'],
  'DeepseekV2',
  {
    ...shared,
    vocab_size: 32000,
    hidden_size: 4096,
    intermediate_size: 11008,
    num_hidden_layers: 32,
    num_attention_heads: 32,
    first_k_dense_replace: 0,
    n_routed_experts: 64,
    n_shared_experts: 2,
    moe_intermediate_size: 1407,
  },
  false,
);

/** DeepSeek-V3: DeepseekV3Config defaults are V3's own shapes; V3 always has shared experts. */
export const deepseekV3 = deepseekFamily(
  ['deepseek_v3'],
  'DeepseekV3',
  {
    ...shared,
    vocab_size: 129280,
    hidden_size: 7168,
    intermediate_size: 18432,
    moe_intermediate_size: 2048,
    num_hidden_layers: 61,
    num_attention_heads: 128,
    num_key_value_heads: 128,
    n_shared_experts: 1,
    n_routed_experts: 256,
    num_experts_per_tok: 8, // DeepseekV3Config's default: the active count needs it when a config leaves it out
    first_k_dense_replace: 3,
  },
  true,
);
