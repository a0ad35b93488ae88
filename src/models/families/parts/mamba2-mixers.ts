import { add, mul, num, type Expr, type Sym } from '../../../expr/nodes.js';
import { fieldError } from '../../../errors/user-error.js';
import type { ConfigFields } from '../../config/config-fields.js';
import type { ModuleSpec, RecurrentStateSpec } from '../../spec/model-spec.js';
import type { SizeBook } from '../building-blocks.js';
import { depthwiseConv, rawTensor } from './mamba-mixers.js';

/**
 * The config fields a Mamba-2 mixer reads, as each family names them (Mamba2Config's `num_heads`,
 * BambaConfig's `mamba_n_heads`, …). `d_inner` is always `expand·d_model`: Mamba2Mixer computes it.
 */
export interface Mamba2Fields {
  readonly expand: string;
  readonly state: string;
  readonly heads: string;
  readonly headDim: string;
  readonly groups: string;
  readonly kernel: string;
  /** Biases on `in_proj` and `out_proj`. */
  readonly bias: string;
  readonly convBias: string;
  /**
   * The heads tile d_inner (`n_ssm·d_ssm = d_inner`), checked as BambaConfig checks it; a
   * `head_dim` of `"auto"` is then `d_inner / n_ssm`.
   */
  readonly headsTileInner?: boolean;
  /** A written d_inner that wins over `expand·d_model` when set (FalconH1Config's `mamba_d_ssm`). */
  readonly inner?: string;
  /** `out_proj`'s bias by a flag of its own (Falcon-H1's `projectors_bias`). */
  readonly outBias?: string;
  /** The flag that keeps the gated RMSNorm (Falcon-H1's `mamba_rms_norm`); always there without. */
  readonly gatedNorm?: string;
  /** `conv1d` biased whatever `convBias` says (Zamba2MambaMixer builds it with `bias=True`). */
  readonly convBiasAlways?: boolean;
}

/** Mamba2Config's names. */
export const mamba2Fields: Mamba2Fields = {
  expand: 'expand',
  state: 'state_size',
  heads: 'num_heads',
  headDim: 'head_dim',
  groups: 'n_groups',
  kernel: 'conv_kernel',
  bias: 'use_bias',
  convBias: 'use_conv_bias',
};

/** The hybrids' names (BambaConfig, GraniteMoeHybridConfig, FalconH1Config, Zamba2Config). */
export const hybridMamba2Fields: Mamba2Fields = {
  expand: 'mamba_expand',
  state: 'mamba_d_state',
  heads: 'mamba_n_heads',
  headDim: 'mamba_d_head',
  groups: 'mamba_n_groups',
  kernel: 'mamba_d_conv',
  bias: 'mamba_proj_bias',
  convBias: 'mamba_conv_bias',
  headsTileInner: true,
};

/** Zamba2Config's names (`mamba_headdim` is `mamba_expand·hidden_size // n_mamba_heads`). */
export const zamba2Mamba2Fields: Mamba2Fields = {
  ...hybridMamba2Fields,
  heads: 'n_mamba_heads',
  headDim: 'mamba_headdim',
  groups: 'mamba_ngroups',
  bias: 'add_bias_linear',
  convBias: 'use_conv_bias',
  convBiasAlways: true,
};

/** A Mamba-2 mixer's widths: `n_ssm` heads of `d_ssm`, `n_g` groups of B and C, `d_state` each. */
export interface Mamba2Widths {
  readonly inner: Sym;
  readonly state: Sym;
  readonly heads: Sym;
  readonly headDim: Sym;
  readonly groups: Sym;
  readonly kernel: Sym;
  /** What the convolution runs over: x, B and C, `d_inner + 2·n_g·d_state`. */
  readonly convDim: Expr;
}

/** Reads and binds a Mamba-2 mixer's widths. */
export function mamba2Widths(
  config: ConfigFields,
  sizes: SizeBook,
  fields: Mamba2Fields = mamba2Fields,
  width: bigint = config.size('hidden_size'),
): Mamba2Widths {
  const written = fields.inner === undefined ? undefined : config.optionalSize(fields.inner);
  const innerValue = written ?? config.size(fields.expand) * width;
  const heads = config.size(fields.heads);
  const inner = sizes.bind('d_inner', innerValue);
  const state = sizes.bind('d_state', config.size(fields.state));
  const groups = sizes.bind('n_g', config.size(fields.groups));
  return {
    inner,
    state,
    heads: sizes.bind('n_ssm', heads),
    headDim: sizes.bind('d_ssm', headWidth(config, fields, innerValue, heads)),
    groups,
    kernel: sizes.bind('k_conv', config.size(fields.kernel)),
    convDim: add(inner, mul(num(2), groups, state)),
  };
}

/** The Mamba-2 head width: as written, or `d_inner / n_ssm` for `"auto"` where heads tile d_inner. */
function headWidth(config: ConfigFields, fields: Mamba2Fields, inner: bigint, heads: bigint) {
  if (!fields.headsTileInner) return config.size(fields.headDim);
  const tiles = `${fields.heads}·${fields.headDim} = d_inner (${inner})`;
  if (inner % heads !== 0n)
    throw fieldError(fields.heads, Number(heads), `a divisor of d_inner (${inner})`);
  const written = config.value(fields.headDim);
  const width = written === 'auto' ? inner / heads : config.size(fields.headDim);
  if (width * heads !== inner) throw fieldError(fields.headDim, written, `${tiles}, or "auto"`);
  return width;
}

/**
 * Mamba2Mixer (modeling_mamba2.py): `in_proj` d → d_inner (the gate z) + conv_dim (x, B, C) + n_ssm
 * (Δ), a depthwise `conv1d` over conv_dim, `dt_bias`, `A_log` and `D` of one number a head, the
 * gated RMSNorm `norm` over d_inner, and `out_proj` d_inner → d.
 */
export function mamba2Mixer(
  config: ConfigFields,
  d: Expr,
  w: Mamba2Widths,
  fields: Mamba2Fields = mamba2Fields,
  key = 'mixer',
): ModuleSpec {
  const bias = config.flag(fields.bias);
  return {
    kind: 'group',
    key,
    name: 'Mamba-2 mixer',
    label: 'ssm',
    role: 'mixer',
    children: [
      {
        kind: 'linear',
        key: 'in_proj',
        label: 'in',
        in: d,
        out: add(w.inner, w.convDim, w.heads),
        bias,
      },
      depthwiseConv(w.convDim, w.kernel, fields.convBiasAlways || config.flag(fields.convBias)),
      rawTensor('dt_bias', 'time-step bias', [w.heads]),
      rawTensor('A_log', 'state decay (log)', [w.heads]),
      rawTensor('D', 'skip connection', [w.heads]),
      ...(fields.gatedNorm === undefined || config.flag(fields.gatedNorm)
        ? [gatedNorm(w.inner)]
        : []),
      {
        kind: 'linear',
        key: 'out_proj',
        label: 'out',
        in: w.inner,
        out: d,
        bias: fields.outBias === undefined ? bias : config.flag(fields.outBias),
      },
    ],
  };
}

/** MambaRMSNormGated over d_inner: a scale a channel. */
const gatedNorm = (dim: Expr): ModuleSpec => ({
  kind: 'norm',
  type: 'rmsnorm',
  key: 'norm',
  label: 'gated',
  dim,
  role: 'norm',
});

/**
 * What a Mamba-2 layer keeps between tokens (Mamba2Cache): the convolution's last `k_conv` inputs
 * of its conv_dim channels, and the scan's state, `[n_ssm, d_ssm, d_state]`.
 */
export const mamba2State = (layers: Expr, w: Mamba2Widths): RecurrentStateSpec[] => [
  { name: 'conv', layers, channels: w.convDim, kernel: w.kernel },
  { name: 'ssm', layers, perSequence: mul(w.heads, w.headDim, w.state) },
];
