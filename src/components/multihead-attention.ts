import { label, mul, num, type Expr } from '../expr/nodes.js';
import { linear } from './linear.js';
import { countLabel, sum, tensor, type Part, type SumPart } from './part.js';

/** `nn.MultiheadAttention`'s constructor arguments, as sizes and switches. */
export interface MultiheadAttentionOptions {
  key?: string;
  name?: string;
  tag?: string;
  /** `embed_dim`. */
  d: Expr;
  /** `bias`: `in_proj_bias` and `out_proj.bias` (default true). */
  bias?: boolean;
  /** `add_bias_kv`: `bias_k` and `bias_v`, `(1, 1, embed_dim)` each. */
  addBiasKv?: boolean;
  /**
   * `kdim` / `vdim` when they differ from `embed_dim`: PyTorch then keeps separate `q_proj_weight`,
   * `k_proj_weight`, `v_proj_weight` instead of the one fused `in_proj_weight`.
   */
  keyInputDim?: Expr;
  valueInputDim?: Expr;
}

/**
 * `torch.nn.MultiheadAttention` under PyTorch's own parameter names (`torch/nn/modules/activation.py`):
 * the query, key and value projections fused as `in_proj_weight` `[3d, d]` with `in_proj_bias` `[3d]`
 * — or `q_proj_weight` `[d, d]`, `k_proj_weight` `[d, kdim]`, `v_proj_weight` `[d, vdim]` when `kdim`
 * or `vdim` differ, the bias still fused — then `out_proj` (an `nn.Linear(d, d)`), and with
 * `add_bias_kv` the `bias_k` and `bias_v` of `d` each. With biases: `4(d² + d)`.
 */
export function multiheadAttention(o: MultiheadAttentionOptions): SumPart {
  const d = o.d;
  const bias = o.bias ?? true;
  const three = mul(num(3), d);
  const separate = o.keyInputDim !== undefined || o.valueInputDim !== undefined;
  // Raw parameters, declared as PyTorch stores them ([out, in]).
  const weights: Part[] = separate
    ? [
        tensor({ key: 'q_proj_weight', name: 'query projection weight', label: label('W', 'Q') }, [
          d,
          d,
        ]),
        tensor({ key: 'k_proj_weight', name: 'key projection weight', label: label('W', 'K') }, [
          d,
          o.keyInputDim ?? d,
        ]),
        tensor({ key: 'v_proj_weight', name: 'value projection weight', label: label('W', 'V') }, [
          d,
          o.valueInputDim ?? d,
        ]),
      ]
    : [
        tensor(
          {
            key: 'in_proj_weight',
            name: 'query, key and value projection weights (fused)',
            label: label('W', 'in'),
          },
          [three, d],
        ),
      ];
  const parts: Part[] = [
    ...weights,
    ...(bias
      ? [
          tensor(
            {
              key: 'in_proj_bias',
              name: 'query, key and value biases (fused)',
              label: label('b', 'in'),
            },
            [three],
          ),
        ]
      : []),
    ...(o.addBiasKv
      ? [
          tensor({ key: 'bias_k', name: 'extra key bias (1 × 1 × d)', label: label('b', 'k') }, [
            d,
          ]),
          tensor({ key: 'bias_v', name: 'extra value bias (1 × 1 × d)', label: label('b', 'v') }, [
            d,
          ]),
        ]
      : []),
    linear({ key: 'out_proj', name: 'output projection', tag: 'O' }, d, d, bias),
  ];
  return sum(
    {
      key: o.key ?? 'self_attn',
      name: o.name ?? 'multi-head attention',
      label: countLabel(o.tag ?? 'attn'),
      role: 'attention',
    },
    parts,
  );
}
