import { add, type Expr, mul, num } from '../../../expr/nodes.js';
import type { AttentionSpec, ModuleSpec } from '../../spec/model-spec.js';
import { flagOf, type FlagRule, type LayerContext, type LayerPart } from './layer-context.js';

/** Which of Q, K, V and O carry a bias. */
export type BiasLayout = 'none' | 'all' | 'qkv';

const biasLayouts: Record<BiasLayout, AttentionSpec['bias']> = {
  none: { q: false, k: false, v: false, o: false },
  all: { q: true, k: true, v: true, o: true },
  // Qwen2, GLM-4: biased Q, K and V, an unbiased output projection.
  qkv: { q: true, k: true, v: true, o: false },
};

/**
 * Norms on queries and keys: per head over `d_h` (Qwen3, Gemma 3, Phi) or over the whole
 * projection, `n_h·d_h` and `n_kv·d_h` (OLMo 2, OLMoE, Cohere); `when` names the config flag that
 * switches them on (`use_qk_norm`), else they are always there.
 */
export interface QkNormRule {
  readonly over: 'head' | 'full';
  readonly when?: string;
  /** Their module names, where not `q_norm` and `k_norm`. */
  readonly keys?: { readonly q: string; readonly k: string };
}

/** Attention with separate `q_proj`, `k_proj`, `v_proj` and `o_proj` (the default names). */
export interface SeparateQkv {
  /** The biased projections: `layout` when the flag `when` is on (always, without one), else none. */
  readonly bias: { readonly layout: BiasLayout; readonly when?: string };
  /** O's bias by a flag of its own, whatever `bias` says (Seed-OSS's `attention_out_bias`). */
  readonly outBias?: FlagRule;
  /** Other names of the projections (Phi's `dense` for O). */
  readonly keys?: AttentionSpec['keys'];
  readonly qkNorm?: QkNormRule;
  /** Learned attention sinks, one logit per query head (gpt-oss). */
  readonly sinks?: boolean;
  /** The module states its role (Phi's does; the others take the component's own). */
  readonly role?: boolean;
}

/** Attention whose projections are separate modules, with biases and Q/K norms as declared. */
export function separateQkv(o: SeparateQkv): LayerPart {
  return (context) => {
    const { d, widths, config } = context;
    const biased = flagOf(config, o.bias.when ?? true);
    const qkNorm = o.qkNorm && flagOf(config, o.qkNorm.when ?? true) ? o.qkNorm : undefined;
    return {
      kind: 'attention',
      key: 'self_attn',
      d,
      ...(o.role ? { role: 'attention' as const } : {}),
      heads: widths.queryHeads,
      kvHeads: widths.keyValueHeads,
      headDim: widths.headDim,
      bias: {
        ...biasLayouts[biased ? o.bias.layout : 'none'],
        ...(o.outBias === undefined ? {} : { o: flagOf(config, o.outBias) }),
      },
      ...(o.keys ? { keys: o.keys } : {}),
      ...(qkNorm ? { qkNorm: queryKeyNorms(context, qkNorm) } : {}),
      ...(o.sinks ? { sinks: widths.queryHeads } : {}),
    };
  };
}

/** The Q and K norms: of the decoder's norm kind, a LayerNorm biased unless it is scale-only. */
function queryKeyNorms(context: LayerContext, rule: QkNormRule): AttentionSpec['qkNorm'] {
  const { headDim, queryHeads, keyValueHeads } = context.widths;
  const full = rule.over === 'full';
  return {
    type: context.norm === 'rmsnorm' ? 'rmsnorm' : 'layernorm',
    qDim: full ? mul(queryHeads, headDim) : headDim,
    kDim: full ? mul(keyValueHeads, headDim) : headDim,
    bias: context.norm === 'layernorm',
    ...(rule.keys ? { keys: rule.keys } : {}),
  };
}

/**
 * Attention as two linears: Q, K and V fused into one projection `d → qkvWidth`, then the output
 * projection `outIn → d` (Falcon's and GPT-NeoX's `query_key_value`/`dense`, Phi-3's
 * `qkv_proj`/`o_proj`).
 */
export function fusedAttention(o: {
  key: string;
  names: { qkv: string; out: string };
  d: Expr;
  qkvWidth: Expr;
  outIn: Expr;
  bias: { qkv: boolean; out: boolean };
}): ModuleSpec {
  return {
    kind: 'group',
    key: o.key,
    name: 'attention',
    label: 'attn',
    role: 'attention',
    children: [
      {
        kind: 'linear',
        key: o.names.qkv,
        label: 'QKV',
        in: o.d,
        out: o.qkvWidth,
        bias: o.bias.qkv,
      },
      { kind: 'linear', key: o.names.out, label: 'O', in: o.outIn, out: o.d, bias: o.bias.out },
    ],
  };
}

/**
 * Phi-3's attention: Q, K and V fused into one `qkv_proj`, d → (n_h + 2·n_kv)·d_h, and `o_proj`;
 * `bias` says whether the fused projection has one (O never does).
 */
export function fusedQkv(o: { bias?: FlagRule } = {}): LayerPart {
  return ({ d, widths, config }) => {
    const { headDim, queryHeads, keyValueHeads } = widths;
    return fusedAttention({
      key: 'self_attn',
      names: { qkv: 'qkv_proj', out: 'o_proj' },
      d,
      qkvWidth: mul(add(queryHeads, mul(num(2), keyValueHeads)), headDim),
      outIn: mul(queryHeads, headDim),
      bias: { qkv: flagOf(config, o.bias), out: false },
    });
  };
}
