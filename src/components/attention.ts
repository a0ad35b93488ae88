import { label, mul, type Expr } from '../expr/nodes.js';
import { linear } from './linear.js';
import { countLabel, sum, tensor, type Part, type SumPart } from './part.js';

/** Grouped-query heads: `n_h` query heads and `n_kv` key/value heads of width `d_h`. */
export interface HeadLayout {
  queryHeads: Expr;
  keyValueHeads: Expr;
  headDim: Expr;
}

export interface AttentionOptions {
  key?: string;
  name?: string;
  tag?: string;
  /** Model width `d`. */
  d: Expr;
  /** Biases on the Q, K, V projections (default true). */
  qkvBias?: boolean;
  /** Bias on the output projection (default: same as `qkvBias`). */
  outputBias?: boolean;
  /** Grouped-query or multi-query heads; without it Q, K, V and O are all `d × d`. */
  heads?: HeadLayout;
  /** PyTorch `kdim` / `vdim`: widths of the key and value inputs (default `d`). */
  keyInputDim?: Expr;
  valueInputDim?: Expr;
  /** PyTorch `add_bias_kv`: learned `bias_k` and `bias_v` of `d` each. */
  addBiasKv?: boolean;
}

/**
 * Multi-head attention: Q, K, V and O projections. With biases and no grouping this is
 * `4(d² + d)`; with grouped-query heads, Q is `d·n_h·d_h`, K and V are `d·n_kv·d_h`, O is `n_h·d_h·d`.
 */
export function attention(o: AttentionOptions): SumPart {
  const qkvBias = o.qkvBias ?? true;
  const outputBias = o.outputBias ?? qkvBias;
  const queryWidth = o.heads ? mul(o.heads.queryHeads, o.heads.headDim) : o.d;
  const keyValueWidth = o.heads ? mul(o.heads.keyValueHeads, o.heads.headDim) : o.d;
  const parts: Part[] = [
    linear({ key: 'q_proj', name: 'query projection', tag: 'Q' }, o.d, queryWidth, qkvBias),
    linear({ key: 'k_proj', name: 'key projection', tag: 'K' }, o.keyInputDim ?? o.d, keyValueWidth, qkvBias),
    linear({ key: 'v_proj', name: 'value projection', tag: 'V' }, o.valueInputDim ?? o.d, keyValueWidth, qkvBias),
    linear({ key: 'out_proj', name: 'output projection', tag: 'O' }, queryWidth, o.d, outputBias),
  ];
  if (o.addBiasKv) {
    parts.push(
      tensor({ key: 'bias_k', name: 'extra key bias', label: label('b_{k}', 'b_k') }, [o.d]),
      tensor({ key: 'bias_v', name: 'extra value bias', label: label('b_{v}', 'b_v') }, [o.d]),
    );
  }
  const tag = o.tag ?? 'attn';
  return sum({ key: o.key ?? 'self_attn', name: o.name ?? 'multi-head self-attention', label: countLabel(tag) }, parts);
}
