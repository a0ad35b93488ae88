import { add, mul, sym, type Expr } from '../../expr/nodes.js';
import { requireMultiple, type ConfigFields, type RawConfig } from '../config/config-fields.js';
import type { KvCacheLayout, LeftOutSpec, ModelSpec, ModuleSpec } from '../spec/model-spec.js';
import {
  decoderOnlyClass,
  expertsPerToken,
  lmHeadModule,
  normFactory,
  SizeBook,
} from './building-blocks.js';
import type { Family } from './family.js';

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
  const stacks: ModuleSpec[] = [];
  if (denseLayers > 0n) {
    const dense: ModuleSpec = {
      kind: 'mlp',
      key: 'mlp',
      d,
      dFF: sizes.bind('d_ff', config.size('intermediate_size')),
      gated: true,
      bias: false,
      role: 'mlp',
    };
    const count =
      denseLayers === layers ? sizes.bind('L', layers) : sizes.bind('L_dense', denseLayers);
    stacks.push({
      kind: 'repeat',
      key: 'layers',
      name: 'dense decoder layers',
      label: 'dense layers',
      count,
      child: layerOf(dense, 'dense-layer'),
    });
  }
  if (denseLayers < layers) {
    const expertWidth = sizes.bind('d_moe', config.size('moe_intermediate_size'));
    const sharedCount = alwaysShared
      ? config.size('n_shared_experts')
      : config.optionalSize('n_shared_experts');
    const moe: ModuleSpec = {
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
    const count =
      denseLayers === 0n
        ? sizes.bind('L', layers)
        : add(
            sizes.bind('L', layers),
            mul({ kind: 'num', value: -1n }, sizes.bind('L_dense', denseLayers)),
          );
    stacks.push({
      kind: 'repeat',
      key: denseLayers === 0n ? 'layers' : 'moe_layers',
      name: 'MoE decoder layers',
      label: 'moe layers',
      count,
      child: layerOf(moe, 'moe-layer'),
      ...(denseLayers > 0n ? { indexAs: { key: 'layers', from: sym('L_dense') } } : {}),
    });
  }
  const base: ModuleSpec = {
    kind: 'group',
    key: 'model',
    name: `${prefix}Model`,
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
      causalLm: () => lmHeadModule(tied, d, vocab),
    }),
    ...(leftOut.length > 0 ? { leftOut } : {}),
  };
}

/**
 * What DeepSeek-V3's checkpoint holds beyond what `DeepseekV3ForCausalLM` counts. Each router's
 * `e_score_correction_bias` (E a MoE layer) is a buffer in transformers (`register_buffer`), not a
 * parameter. The `num_nextn_predict_layers` multi-token-prediction layers (`model.layers.61` for V3,
 * DeepSeek-V3's inference/model.py and vLLM's deepseek_mtp.py): `embed_tokens`, `enorm` and `hnorm`,
 * `eh_proj` (2d → d), a whole MoE decoder layer and `shared_head` (`norm`, `head`); transformers does
 * not load them. The model card: 685B on the Hub = 671B main model + 14B MTP.
 */
function v3LeftOut(
  config: ConfigFields,
  d: Expr,
  vocab: Expr,
  moeLayers: ModuleSpec & { kind: 'repeat' },
): LeftOutSpec[] {
  const out: LeftOutSpec[] = [
    {
      key: 'e_score_correction_bias',
      name: "routers' score-correction biases",
      label: 'bias,router',
      reason:
        "each MoE layer's router keeps e_score_correction_bias (E values) as a buffer in transformers, not a parameter; the checkpoint stores it",
      modules: [
        {
          kind: 'repeat',
          key: 'layers',
          name: 'MoE layers',
          label: 'router biases',
          count: moeLayers.count,
          child: {
            kind: 'tensor',
            key: 'e_score_correction_bias',
            label: 'e_score',
            shape: [sym('E')],
          },
        },
      ],
    },
  ];
  const mtpLayers = config.count('num_nextn_predict_layers');
  if (mtpLayers === 0n) return out;
  const rms = normFactory('rmsnorm', d);
  const mtpLayer: ModuleSpec = {
    kind: 'group',
    key: 'layer',
    name: 'multi-token-prediction layer',
    label: 'MTP layer',
    children: [
      {
        kind: 'embedding',
        key: 'embed_tokens',
        name: 'token embeddings (a copy of the main model’s)',
        label: 'tok',
        role: 'token-embedding',
        rows: vocab,
        dim: d,
      },
      rms('enorm', 'enorm'),
      rms('hnorm', 'hnorm'),
      {
        kind: 'linear',
        key: 'eh_proj',
        label: 'eh',
        in: mul({ kind: 'num', value: 2n }, d),
        out: d,
        bias: false,
      },
      moeLayers.child,
      {
        kind: 'group',
        key: 'shared_head',
        name: 'shared head',
        label: 'shared head',
        children: [
          rms('norm', 'head norm'),
          { kind: 'linear', key: 'head', label: 'head', in: d, out: vocab, bias: false },
        ],
      },
    ],
  };
  out.push({
    key: 'mtp',
    name: 'multi-token-prediction layer',
    label: 'MTP',
    // The MTP layers are numbered after the main model's (model.layers.61 for V3's 61 layers).
    reason: [
      `the checkpoint's multi-token-prediction layers (num_nextn_predict_layers = ${mtpLayers},`,
      `from model.layers.${config.count('num_hidden_layers')} on), which transformers does not load;`,
      "their embed_tokens and shared_head.head repeat the main model's tables",
      '(the model card counts them: 685B on the Hub = 671B main model + 14B MTP)',
    ].join(' '),
    // V3 ships one; more are numbered copies of the same layer.
    modules:
      mtpLayers === 1n
        ? [mtpLayer]
        : [
            {
              kind: 'repeat',
              key: 'mtp',
              name: 'MTP layers',
              label: 'MTP layers',
              count: { kind: 'num', value: mtpLayers },
              child: mtpLayer,
            },
          ],
  });
  return out;
}

/**
 * Multi-head latent attention caches, in every layer, the compressed latent (`r_kv`) and the one
 * rotary key shared by all heads (`d_rope`) — the DeepSeek-V2 paper's Table 1, `(d_c + d_h^R)·l`.
 * An implementation that expands the latents through `kv_b_proj` stores full keys
 * (`n_h·(d_nope + d_rope)`) and values (`n_h·d_vh`) instead.
 */
function latentCache(): KvCacheLayout {
  const [heads, nope, rope, value] = ['n_h', 'd_nope', 'd_rope', 'd_vh'].map((name) =>
    sym(name),
  ) as [Expr, Expr, Expr, Expr];
  return {
    entries: [
      {
        name: 'latent',
        layers: sym('L'),
        perToken: add(sym('r_kv'), rope),
        expanded: add(mul(heads, add(nope, rope)), mul(heads, value)),
      },
    ],
    sizes: {},
  };
}

/** Multi-head latent attention, as linear layers and RMSNorms. */
function latentAttention(
  config: ConfigFields,
  sizes: SizeBook,
  d: Expr,
  headCount: bigint,
): ModuleSpec {
  const bias = config.flag('attention_bias');
  const heads = sizes.bind('n_h', headCount);
  const nope = sizes.bind('d_nope', config.size('qk_nope_head_dim'));
  const rope = sizes.bind('d_rope', config.size('qk_rope_head_dim'));
  const value = sizes.bind('d_vh', config.size('v_head_dim'));
  const kvRank = sizes.bind('r_kv', config.size('kv_lora_rank'));
  const qRankValue = config.optionalSize('q_lora_rank');
  const queryOut = mul(heads, add(nope, rope));
  const query: ModuleSpec[] =
    qRankValue === undefined
      ? [{ kind: 'linear', key: 'q_proj', label: 'Q', in: d, out: queryOut, bias: false }]
      : [
          {
            kind: 'linear',
            key: 'q_a_proj',
            label: 'Qa',
            in: d,
            out: sizes.bind('r_q', qRankValue),
            bias,
          },
          {
            kind: 'norm',
            type: 'rmsnorm',
            key: 'q_a_layernorm',
            label: 'Qnorm',
            dim: sizes.bind('r_q', qRankValue),
          },
          {
            kind: 'linear',
            key: 'q_b_proj',
            label: 'Qb',
            in: sizes.bind('r_q', qRankValue),
            out: queryOut,
            bias: false,
          },
        ];
  return {
    kind: 'group',
    key: 'self_attn',
    name: 'multi-head latent attention',
    label: 'MLA',
    role: 'attention',
    children: [
      ...query,
      {
        kind: 'linear',
        key: 'kv_a_proj_with_mqa',
        label: 'KVa',
        in: d,
        out: add(kvRank, rope),
        bias,
      },
      { kind: 'norm', type: 'rmsnorm', key: 'kv_a_layernorm', label: 'KVnorm', dim: kvRank },
      {
        kind: 'linear',
        key: 'kv_b_proj',
        label: 'KVb',
        in: kvRank,
        out: mul(heads, add(nope, value)),
        bias: false,
      },
      { kind: 'linear', key: 'o_proj', label: 'O', in: mul(heads, value), out: d, bias },
    ],
  };
}

function bigMin(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

const shared = {
  num_nextn_predict_layers: 0,
  max_position_embeddings: 2048,
  attention_bias: false,
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
