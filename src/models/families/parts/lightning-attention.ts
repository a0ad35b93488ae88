import { mul, num, type Expr } from '../../../expr/nodes.js';
import type { GroupSpec, RecurrentStateSpec } from '../../spec/model-spec.js';
import type { AttentionWidths } from './prologue.js';

/**
 * MiniMax's lightning (linear) attention (MiniMaxLightningAttention, module `self_attn`):
 * `qkv_proj` d → 3·n_h·d_h, an RMSNorm over all heads' output (`n_h·d_h`), a sigmoid
 * `output_gate` d → n_h·d_h and `out_proj` back to d, none biased. Its decay rates are buffers.
 */
export function lightningAttention(d: Expr, widths: AttentionWidths): GroupSpec {
  const inner = mul(widths.queryHeads, widths.headDim);
  return {
    kind: 'group',
    key: 'self_attn',
    name: 'lightning attention',
    label: 'lin',
    role: 'mixer',
    children: [
      {
        kind: 'linear',
        key: 'qkv_proj',
        label: 'QKV',
        in: d,
        out: mul(num(3), inner),
        bias: false,
      },
      { kind: 'norm', type: 'rmsnorm', key: 'norm', label: 'out-norm', dim: inner },
      { kind: 'linear', key: 'output_gate', label: 'gate', in: d, out: inner, bias: false },
      { kind: 'linear', key: 'out_proj', label: 'out', in: inner, out: d, bias: false },
    ],
  };
}

/**
 * What each of `layers` lightning layers keeps a sequence: MiniMaxCache's `linear_cache`, the
 * running `K^T·V` of every head, `[B, n_h, d_h, d_h]`.
 */
export const lightningState = (layers: Expr, widths: AttentionWidths): RecurrentStateSpec => ({
  name: 'ssm',
  layers,
  perSequence: mul(widths.queryHeads, widths.headDim, widths.headDim),
});
