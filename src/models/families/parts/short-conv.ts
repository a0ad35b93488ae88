import { mul, num, type Expr } from '../../../expr/nodes.js';
import type { GroupSpec, RecurrentStateSpec } from '../../spec/model-spec.js';

/**
 * LFM2's short convolution (Lfm2ShortConv, module `conv`): `in_proj` d → 3d (the gates B and C and
 * the input x), a depthwise causal convolution `conv` over the d channels (`[d, 1, L_cache]`) and
 * `out_proj` d → d; all three biased as `conv_bias` says.
 */
export function shortConv(d: Expr, kernel: Expr, bias: boolean): GroupSpec {
  return {
    kind: 'group',
    key: 'conv',
    name: 'short convolution',
    label: 'sconv',
    role: 'mixer',
    children: [
      { kind: 'linear', key: 'in_proj', label: 'in', in: d, out: mul(num(3), d), bias },
      {
        kind: 'conv',
        key: 'conv',
        name: 'depthwise causal convolution',
        label: 'conv',
        in: num(1),
        out: d,
        kernel: [kernel],
        bias,
      },
      { kind: 'linear', key: 'out_proj', label: 'out', in: d, out: d, bias },
    ],
  };
}

/**
 * What Lfm2HybridConvCache keeps a sequence: a `[B, d, L_cache]` convolution state for each of
 * `layers` layers. It allocates one for every layer, attention layers included, so `layers` is
 * the whole stack, as transformers holds it.
 */
export const shortConvState = (layers: Expr, d: Expr, kernel: Expr): RecurrentStateSpec => ({
  name: 'conv',
  layers,
  channels: d,
  kernel,
});
