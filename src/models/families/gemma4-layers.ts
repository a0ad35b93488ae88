import { type Expr, mul, num } from '../../expr/nodes.js';
import type { ConfigFields } from '../config/config-fields.js';
import type { ModuleSpec } from '../spec/model-spec.js';
import type { LayerContext } from './parts/layer-context.js';
import { layerKinds } from './parts/layer-kinds.js';

/** What sets a Gemma 4 layer apart: sliding or full attention, and its own K/V or a shared one. */
export interface Gemma4LayerKind {
  readonly full: boolean;
  /** Reuses an earlier layer's keys and values (`num_kv_shared_layers`): no k/v projections. */
  readonly sharedKv: boolean;
}

/** The kinds' tags (`L_slide`, …), names and keys, by `full` then `sharedKv`. */
export const gemma4KindTags = {
  'slide:own': { tag: 'slide', name: 'sliding-attention layers' },
  'full:own': { tag: 'full', name: 'full-attention layers' },
  'slide:shared': { tag: 'slide_kv', name: 'sliding layers sharing K/V' },
  'full:shared': { tag: 'full_kv', name: 'full layers sharing K/V' },
} as const;

/** The id of a kind in `gemma4KindTags`. */
export const kindId = (k: Gemma4LayerKind): keyof typeof gemma4KindTags =>
  `${k.full ? 'full' : 'slide'}:${k.sharedKv ? 'shared' : 'own'}`;

/**
 * Gemma4TextConfig's layer types: `layer_types` when listed, else five sliding then one full
 * (`(i + 1) % 6`); the last layer is always forced to full attention. The last
 * `num_kv_shared_layers` layers share K/V (`layer_idx >= L - num_kv_shared_layers`).
 */
export function gemma4LayerKinds(config: ConfigFields, layers: number): Gemma4LayerKind[] {
  const types = layerKinds(
    config,
    'layer_types',
    { sliding_attention: 'slide', full_attention: 'full' },
    (i) => ((i + 1) % 6 === 0 ? 'full' : 'slide'),
  ).map((type) => type === 'full');
  types[layers - 1] = true;
  // `layer_idx >= first >= 0`: more shared layers than layers makes none shared.
  const firstShared = layers - Number(config.count('num_kv_shared_layers'));
  return types.map((full, i) => ({ full, sharedKv: firstShared >= 0 && i >= firstShared }));
}

/** The head layout of a layer's attention: its head width and its key/value heads. */
export interface HeadLayout {
  readonly headDim: Expr;
  readonly kvHeads: Expr;
  /** Full layers with `attention_k_eq_v` reuse the key projection as values: no `v_proj`. */
  readonly keysAsValues: boolean;
}

/**
 * Gemma4TextAttention: `q_proj` and `q_norm` (RMSNorm of d_h) always; `k_proj`, `k_norm` and
 * `v_proj` unless the layer shares K/V; `o_proj`. Biases by `attention_bias`; `v_norm` has no
 * weight (`with_scale=False`), so it is no parameter.
 */
export function gemma4Attention(
  context: LayerContext,
  layout: HeadLayout,
  sharedKv: boolean,
): ModuleSpec {
  const { d, config, widths } = context;
  const bias = config.flag('attention_bias');
  const heads = widths.queryHeads;
  const { headDim, kvHeads } = layout;
  const linear = (key: string, label: string, inWidth: Expr, out: Expr): ModuleSpec => ({
    kind: 'linear',
    key,
    label,
    in: inWidth,
    out,
    bias,
  });
  const norm = (key: string, label: string): ModuleSpec => ({
    kind: 'norm',
    key,
    label,
    type: 'rmsnorm',
    dim: headDim,
  });
  const keys = sharedKv
    ? []
    : [
        linear('k_proj', 'K', d, mul(kvHeads, headDim)),
        ...(layout.keysAsValues ? [] : [linear('v_proj', 'V', d, mul(kvHeads, headDim))]),
        norm('k_norm', 'k-norm'),
      ];
  return {
    kind: 'group',
    key: 'self_attn',
    name: 'attention',
    label: 'attn',
    role: 'attention',
    children: [
      linear('q_proj', 'Q', d, mul(heads, headDim)),
      norm('q_norm', 'q-norm'),
      ...keys,
      linear('o_proj', 'O', mul(heads, headDim), d),
    ],
  };
}

/**
 * Gemma4TextMLP: GeGLU gate/up/down without bias, `intermediate_size` wide, twice that in the
 * K/V-sharing layers when `use_double_wide_mlp` is on (`layer_idx >= L - shared > 0`).
 */
export function gemma4Mlp(context: LayerContext, doubleWide: boolean): ModuleSpec {
  const dFF = context.sizes.bind('d_ff', context.config.size('intermediate_size'));
  return {
    kind: 'mlp',
    key: 'mlp',
    d: context.d,
    dFF: doubleWide ? mul(num(2), dFF) : dFF,
    gated: true,
    bias: false,
    role: 'mlp',
  };
}

/**
 * Gemma 4's MoE block beside the MLP (`enable_moe_block`): Gemma4TextRouter (`router.proj`
 * d → E, `router.scale` of d, `router.per_expert_scale` of E; its norm has no weight), the experts
 * as two 3-D tensors (`experts.gate_up_proj` [E, 2·d_moe, d], `experts.down_proj` [E, d, d_moe])
 * and three more norms of d.
 */
export function gemma4Moe(context: LayerContext): ModuleSpec[] {
  const { config, sizes, d } = context;
  const experts = sizes.bind('E', config.size('num_experts'));
  const dMoe = sizes.bind('d_moe', config.size('moe_intermediate_size'));
  const topK = config.optionalSize('top_k_experts');
  const norm = (key: string, label: string): ModuleSpec => ({
    kind: 'norm',
    key,
    label,
    type: 'rmsnorm',
    dim: d,
  });
  return [
    { kind: 'tensor', key: 'router.scale', label: 'router,scale', shape: [d] },
    { kind: 'tensor', key: 'router.per_expert_scale', label: 'router,E', shape: [experts] },
    {
      kind: 'moe',
      key: 'moe',
      inline: true,
      d,
      experts,
      ...(topK === undefined ? {} : { topK: sizes.bind('k_top', topK) }),
      expert: { dFF: dMoe, gated: true, bias: false },
      routerPath: 'router.proj',
      fusedExperts: [
        { name: 'experts.gate_up_proj', shape: [experts, mul(num(2), dMoe), d] },
        { name: 'experts.down_proj', shape: [experts, d, dMoe] },
      ],
      role: 'mlp',
    },
    norm('post_feedforward_layernorm_1', 'post-ffn-1'),
    norm('pre_feedforward_layernorm_2', 'pre-ffn-2'),
    norm('post_feedforward_layernorm_2', 'post-ffn-2'),
  ];
}
