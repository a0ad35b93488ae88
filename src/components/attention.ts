import { label, mul, type Expr } from '../expr/nodes.js';
import { linear } from './linear.js';
import { layerNorm, rmsNorm } from './norms.js';
import { countLabel, sum, tensor, type Part, type SumPart } from './part.js';

/** Grouped-query heads: `n_h` query heads and `n_kv` key/value heads of width `d_h`. */
export interface HeadLayout {
  queryHeads: Expr;
  keyValueHeads: Expr;
  headDim: Expr;
}

/** Which projections have a bias. */
export interface ProjectionBiases {
  q: boolean;
  k: boolean;
  v: boolean;
  o: boolean;
}

/** The sizes and switches of an attention block: widths, head layout, biases, extras. */
export interface AttentionOptions {
  key?: string;
  name?: string;
  tag?: string;
  /** Model width `d`. */
  d: Expr;
  /** Biases: one flag for all four projections, or one each (default true). */
  bias?: boolean | ProjectionBiases;
  /** Grouped-query or multi-query heads; without it Q, K, V and O are all `d × d`. */
  heads?: HeadLayout;
  /** PyTorch `kdim` / `vdim`: widths of the key and value inputs (default `d`). */
  keyInputDim?: Expr;
  valueInputDim?: Expr;
  /** PyTorch `add_bias_kv`: learned `bias_k` and `bias_v` of `d` each. */
  addBiasKv?: boolean;
  /** Module names of the projections, which differ between codebases. */
  keys?: Partial<Record<keyof ProjectionBiases, string>>;
  /** Norms on queries and keys (Qwen3's per-head RMSNorm, Phi's qk_layernorm; a scale-only LayerNorm without `bias`). */
  qkNorm?: {
    type: 'layernorm' | 'rmsnorm';
    qDim: Expr;
    kDim: Expr;
    bias?: boolean;
    /** Their module names (default `q_norm`, `k_norm`; Phi's `q_layernorm`, `k_layernorm`). */
    keys?: { q: string; k: string };
  };
  /** Learned attention sinks: one logit per query head (gpt-oss), a tensor of this many entries. */
  sinks?: Expr;
}

/**
 * Multi-head attention: Q, K, V and O projections. With biases and no grouping this is
 * `4(d² + d)`; with grouped-query heads, Q is `d·n_h·d_h`, K and V are `d·n_kv·d_h`, O is `n_h·d_h·d`.
 */
export function attention(o: AttentionOptions): SumPart {
  const bias =
    typeof o.bias === 'object'
      ? o.bias
      : { q: o.bias ?? true, k: o.bias ?? true, v: o.bias ?? true, o: o.bias ?? true };
  const keys = { q: 'q_proj', k: 'k_proj', v: 'v_proj', o: 'out_proj', ...o.keys };
  const queryWidth = o.heads ? mul(o.heads.queryHeads, o.heads.headDim) : o.d;
  const keyValueWidth = o.heads ? mul(o.heads.keyValueHeads, o.heads.headDim) : o.d;
  const parts: Part[] = [
    linear({ key: keys.q, name: 'query projection', tag: 'Q' }, o.d, queryWidth, bias.q),
    linear(
      { key: keys.k, name: 'key projection', tag: 'K' },
      o.keyInputDim ?? o.d,
      keyValueWidth,
      bias.k,
    ),
    linear(
      { key: keys.v, name: 'value projection', tag: 'V' },
      o.valueInputDim ?? o.d,
      keyValueWidth,
      bias.v,
    ),
    linear({ key: keys.o, name: 'output projection', tag: 'O' }, queryWidth, o.d, bias.o),
  ];
  if (o.qkNorm) {
    const qk = o.qkNorm;
    const norm = (identity: { key: string; name: string; tag: string }, dim: Expr) =>
      qk.type === 'rmsnorm'
        ? rmsNorm(identity, dim)
        : layerNorm(identity, dim, { bias: qk.bias ?? true });
    parts.push(
      norm({ key: qk.keys?.q ?? 'q_norm', name: 'query norm', tag: 'qnorm' }, qk.qDim),
      norm({ key: qk.keys?.k ?? 'k_norm', name: 'key norm', tag: 'knorm' }, qk.kDim),
    );
  }
  if (o.sinks)
    parts.push(
      tensor({ key: 'sinks', name: 'attention sinks', label: label('s', 'sink') }, [o.sinks]),
    );
  if (o.addBiasKv) {
    parts.push(
      tensor({ key: 'bias_k', name: 'extra key bias', label: label('b', 'k') }, [o.d]),
      tensor({ key: 'bias_v', name: 'extra value bias', label: label('b', 'v') }, [o.d]),
    );
  }
  const tag = o.tag ?? 'attn';
  return sum(
    {
      key: o.key ?? 'self_attn',
      name: o.name ?? 'multi-head self-attention',
      label: countLabel(tag),
      role: 'attention',
    },
    parts,
  );
}
