import { add, mul, num, type Sym } from '../../../expr/nodes.js';
import type { ConfigFields } from '../../config/config-fields.js';
import type { GroupSpec, LinearSpec, RecurrentStateSpec } from '../../spec/model-spec.js';
import type { Expr } from '../../../expr/nodes.js';
import type { SizeBook } from '../building-blocks.js';

/** The head layout of a Gated DeltaNet layer, bound to its own symbols. */
export interface DeltaNetWidths {
  /** `linear_num_key_heads`: heads of the queries and keys. */
  readonly keyHeads: Sym;
  /** `linear_num_value_heads`: heads of the values, of the decay and of the write gate. */
  readonly valueHeads: Sym;
  readonly keyHeadDim: Sym;
  readonly valueHeadDim: Sym;
  /** `linear_conv_kernel_dim`: the causal convolution's width. */
  readonly kernel: Sym;
}

/** The symbols of a Gated DeltaNet layer, for the spec's table: none of them is a built-in row. */
export const deltaNetSymbols = {
  n_lk: { meaning: 'key heads of a linear-attention layer', field: 'linear_num_key_heads' },
  n_lv: { meaning: 'value heads of a linear-attention layer', field: 'linear_num_value_heads' },
  d_lk: { meaning: 'key head width of a linear-attention layer', field: 'linear_key_head_dim' },
  d_lv: {
    meaning: 'value head width of a linear-attention layer',
    field: 'linear_value_head_dim',
  },
  k_conv: { meaning: 'width of the causal convolution', field: 'linear_conv_kernel_dim' },
} as const;

/** Reads the Gated DeltaNet fields of Qwen3-Next's and Qwen3.5's configs. */
export function deltaNetWidths(config: ConfigFields, sizes: SizeBook): DeltaNetWidths {
  return {
    keyHeads: sizes.bind('n_lk', config.size('linear_num_key_heads')),
    valueHeads: sizes.bind('n_lv', config.size('linear_num_value_heads')),
    keyHeadDim: sizes.bind('d_lk', config.size('linear_key_head_dim')),
    valueHeadDim: sizes.bind('d_lv', config.size('linear_value_head_dim')),
    kernel: sizes.bind('k_conv', config.size('linear_conv_kernel_dim')),
  };
}

/**
 * How the input projections are stored: Qwen3-Next fuses them into `in_proj_qkvz` (queries, keys,
 * values and the output gate z) and `in_proj_ba` (write gate b and decay a, one each a value head);
 * Qwen3.5 keeps four, `in_proj_qkv`, `in_proj_z`, `in_proj_b` and `in_proj_a`.
 */
export type DeltaNetProjections = 'fused' | 'split';

const keyWidth = (w: DeltaNetWidths) => mul(w.keyHeads, w.keyHeadDim);
const valueWidth = (w: DeltaNetWidths) => mul(w.valueHeads, w.valueHeadDim);

/** The channels the convolution runs over: queries, keys and values, `2·n_lk·d_lk + n_lv·d_lv`. */
export const convChannels = (w: DeltaNetWidths): Expr =>
  add(mul(num(2), keyWidth(w)), valueWidth(w));

const projection = (key: string, label: string, d: Expr, out: Expr): LinearSpec => ({
  kind: 'linear',
  key,
  label,
  in: d,
  out,
  bias: false,
});

const projectionTable: Record<DeltaNetProjections, (d: Expr, w: DeltaNetWidths) => LinearSpec[]> = {
  fused: (d, w) => [
    projection('in_proj_qkvz', 'qkvz', d, mul(num(2), add(keyWidth(w), valueWidth(w)))),
    projection('in_proj_ba', 'ba', d, mul(num(2), w.valueHeads)),
  ],
  split: (d, w) => [
    projection('in_proj_qkv', 'qkv', d, convChannels(w)),
    projection('in_proj_z', 'z', d, valueWidth(w)),
    projection('in_proj_b', 'b', d, w.valueHeads),
    projection('in_proj_a', 'a', d, w.valueHeads),
  ],
};

/**
 * A Gated DeltaNet mixer (`linear_attn`), as Qwen3NextGatedDeltaNet builds it: the input
 * projections, a depthwise causal convolution over the query, key and value channels WITHOUT bias
 * (`[channels, 1, k]`), the decay's `dt_bias` and `A_log` (one a value head), a gated RMSNorm of
 * one value head's width shared by all heads, and `out_proj` from the values back to `d`.
 */
export function gatedDeltaNet(
  d: Expr,
  w: DeltaNetWidths,
  projections: DeltaNetProjections,
): GroupSpec {
  const channels = convChannels(w);
  return {
    kind: 'group',
    key: 'linear_attn',
    name: 'Gated DeltaNet',
    label: 'lin',
    role: 'mixer',
    children: [
      ...projectionTable[projections](d, w),
      {
        kind: 'conv',
        key: 'conv1d',
        name: 'depthwise causal convolution',
        label: 'conv',
        in: num(1),
        out: channels,
        kernel: [w.kernel],
        bias: false,
      },
      { kind: 'tensor', key: 'dt_bias', label: 'dt', shape: [w.valueHeads] },
      { kind: 'tensor', key: 'A_log', label: 'A', shape: [w.valueHeads] },
      {
        kind: 'norm',
        type: 'rmsnorm',
        key: 'norm',
        name: 'gated RMSNorm',
        label: 'gn',
        dim: w.valueHeadDim,
      },
      projection('out_proj', 'out', valueWidth(w), d),
    ],
  };
}

/**
 * What each of `layers` DeltaNet layers keeps a sequence, as transformers' cache allocates it: the
 * convolution's last `k` inputs of every channel (`conv_states`, `[B, channels, k]`) and the
 * delta rule's state, a key-by-value matrix a value head (`recurrent_states`, `[B, n_lv, d_lk, d_lv]`).
 */
export function deltaNetState(layers: Expr, w: DeltaNetWidths): RecurrentStateSpec[] {
  return [
    { name: 'conv', layers, channels: convChannels(w), kernel: w.kernel },
    { name: 'ssm', layers, perSequence: mul(w.valueHeads, w.keyHeadDim, w.valueHeadDim) },
  ];
}
