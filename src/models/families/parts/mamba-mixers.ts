import { add, mul, num, type Expr, type Sym } from '../../../expr/nodes.js';
import { fieldError } from '../../../errors/user-error.js';
import type { ConfigFields } from '../../config/config-fields.js';
import type { ModuleSpec, RecurrentStateSpec } from '../../spec/model-spec.js';
import type { SizeBook } from '../building-blocks.js';

/**
 * The config fields a Mamba (selective-scan) mixer reads, as each family names them: MambaConfig's
 * `state_size`, JambaConfig's `mamba_d_state`, … `inner` is a written width (`intermediate_size`),
 * else `expand·d_model`; `rank` may read `"auto"`: ⌈d_model/16⌉, as the config classes resolve it.
 */
export interface MambaFields {
  readonly inner?: string;
  readonly expand: string;
  readonly state: string;
  readonly rank: string;
  readonly kernel: string;
  /** Biases on `in_proj` and `out_proj`. */
  readonly bias: string;
  readonly convBias: string;
}

/** MambaConfig's (and FalconMambaConfig's) names. */
export const mambaFields: MambaFields = {
  inner: 'intermediate_size',
  expand: 'expand',
  state: 'state_size',
  rank: 'time_step_rank',
  kernel: 'conv_kernel',
  bias: 'use_bias',
  convBias: 'use_conv_bias',
};

/** A Mamba mixer's widths: `d_inner` channels, `d_state` each, Δ's rank `r_dt`, the kernel `k_conv`. */
export interface MambaWidths {
  readonly inner: Sym;
  readonly state: Sym;
  readonly rank: Sym;
  readonly kernel: Sym;
}

/** Reads and binds a Mamba mixer's widths. */
export function mambaWidths(
  config: ConfigFields,
  sizes: SizeBook,
  fields: MambaFields = mambaFields,
): MambaWidths {
  const hidden = config.size('hidden_size');
  const written = fields.inner === undefined ? undefined : config.optionalSize(fields.inner);
  return {
    inner: sizes.bind('d_inner', written ?? config.size(fields.expand) * hidden),
    state: sizes.bind('d_state', config.size(fields.state)),
    rank: sizes.bind('r_dt', timeStepRank(config, fields.rank, hidden)),
    kernel: sizes.bind('k_conv', config.size(fields.kernel)),
  };
}

/** `time_step_rank`: a size, or `"auto"` for ⌈hidden_size / 16⌉ (MambaConfig's own rule). */
function timeStepRank(config: ConfigFields, field: string, hidden: bigint): bigint {
  const value = config.value(field);
  if (value === 'auto') return (hidden + 15n) / 16n;
  if (typeof value === 'string') throw fieldError(field, value, 'a positive integer or "auto"');
  return config.size(field);
}

/** A depthwise causal convolution over `channels` (`groups = channels`: weight `[channels, 1, k]`). */
export const depthwiseConv = (channels: Expr, kernel: Expr, bias: boolean): ModuleSpec => ({
  kind: 'conv',
  key: 'conv1d',
  name: 'depthwise causal convolution',
  label: 'conv',
  in: num(1),
  out: channels,
  kernel: [kernel],
  bias,
});

/** A learned vector or matrix the scan reads directly (`A_log`, `D`, `dt_bias`). */
export const rawTensor = (key: string, name: string, shape: Expr[]): ModuleSpec => ({
  kind: 'tensor',
  key,
  name,
  label: key,
  shape,
});

/** How a family's Mamba mixer differs from MambaMixer's: RMSNorms on Δ, B and C (Jamba's). */
export interface MambaMixerOptions {
  /** Its module name in the layer (default `mixer`; Jamba's `mamba`). */
  readonly key?: string;
  readonly dtBcNorms?: { readonly dt: string; readonly b: string; readonly c: string };
}

/**
 * MambaMixer (modeling_mamba.py): `in_proj` d → 2·d_inner (x and the gate z), a depthwise `conv1d`
 * over d_inner, `x_proj` d_inner → r_dt + 2·d_state (Δ, B and C; no bias), `dt_proj` r_dt → d_inner
 * (always biased), `A_log` [d_inner, d_state], `D` [d_inner], `out_proj` d_inner → d.
 */
export function mambaMixer(
  config: ConfigFields,
  d: Expr,
  w: MambaWidths,
  fields: MambaFields = mambaFields,
  options: MambaMixerOptions = {},
): ModuleSpec {
  const bias = config.flag(fields.bias);
  const rms = (key: string, dim: Expr): ModuleSpec => ({
    kind: 'norm',
    type: 'rmsnorm',
    key,
    label: key,
    dim,
    role: 'norm',
  });
  const norms = options.dtBcNorms;
  return {
    kind: 'group',
    key: options.key ?? 'mixer',
    name: 'Mamba mixer',
    label: 'ssm',
    role: 'mixer',
    children: [
      { kind: 'linear', key: 'in_proj', label: 'in', in: d, out: mul(num(2), w.inner), bias },
      depthwiseConv(w.inner, w.kernel, config.flag(fields.convBias)),
      {
        kind: 'linear',
        key: 'x_proj',
        label: 'x',
        in: w.inner,
        out: add(w.rank, mul(num(2), w.state)),
        bias: false,
      },
      { kind: 'linear', key: 'dt_proj', label: 'dt', in: w.rank, out: w.inner, bias: true },
      rawTensor('A_log', 'state decay (log)', [w.inner, w.state]),
      rawTensor('D', 'skip connection', [w.inner]),
      { kind: 'linear', key: 'out_proj', label: 'out', in: w.inner, out: d, bias },
      ...(norms ? [rms(norms.dt, w.rank), rms(norms.b, w.state), rms(norms.c, w.state)] : []),
    ],
  };
}

/**
 * What a Mamba layer keeps between tokens (MambaCache): the convolution's last `k_conv` inputs of
 * each of the d_inner channels, and the scan's state, `d_inner·d_state`.
 */
export const mambaState = (layers: Expr, w: MambaWidths): RecurrentStateSpec[] => [
  { name: 'conv', layers, channels: w.inner, kernel: w.kernel },
  { name: 'ssm', layers, perSequence: mul(w.inner, w.state) },
];
