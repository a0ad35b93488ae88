import { mul, num } from '../../../expr/nodes.js';
import type { GroupSpec } from '../../spec/model-spec.js';
import type { LayerContext } from './layer-context.js';

/**
 * Attention whose queries carry an output gate (Qwen3NextAttention, Qwen3.5's): `q_proj` is twice
 * as wide, `d → 2·n_h·d_h`, its second half a sigmoid gate on the heads' output; K and V
 * `d → n_kv·d_h`, O `n_h·d_h → d`, all four biased as `attention_bias` says; an RMSNorm of `d_h` on
 * each query and key head (`q_norm`, `k_norm`).
 */
export function gatedQueryAttention(context: LayerContext): GroupSpec {
  const { d, widths, config } = context;
  const { headDim, queryHeads, keyValueHeads } = widths;
  const bias = config.flag('attention_bias');
  const queries = mul(queryHeads, headDim);
  const keys = mul(keyValueHeads, headDim);
  return {
    kind: 'group',
    key: 'self_attn',
    name: 'gated attention',
    label: 'attn',
    role: 'attention',
    children: [
      { kind: 'linear', key: 'q_proj', label: 'Q,gate', in: d, out: mul(num(2), queries), bias },
      { kind: 'linear', key: 'k_proj', label: 'K', in: d, out: keys, bias },
      { kind: 'linear', key: 'v_proj', label: 'V', in: d, out: keys, bias },
      { kind: 'linear', key: 'o_proj', label: 'O', in: queries, out: d, bias },
      { kind: 'norm', type: 'rmsnorm', key: 'q_norm', label: 'q-norm', dim: headDim },
      { kind: 'norm', type: 'rmsnorm', key: 'k_norm', label: 'k-norm', dim: headDim },
    ],
  };
}
