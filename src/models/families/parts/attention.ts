import { add, mul, num } from '../../../expr/nodes.js';
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
}

/** Attention with separate `q_proj`, `k_proj`, `v_proj` and `o_proj` (the default names). */
export interface SeparateQkv {
  /** The biased projections: `layout` when the flag `when` is on (always, without one), else none. */
  readonly bias: { readonly layout: BiasLayout; readonly when?: string };
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
      bias: biasLayouts[biased ? o.bias.layout : 'none'],
      ...(o.keys ? { keys: o.keys } : {}),
      ...(qkNorm ? { qkNorm: queryKeyNorms(context, qkNorm.over) } : {}),
      ...(o.sinks ? { sinks: widths.queryHeads } : {}),
    };
  };
}

/** The Q and K norms: of the decoder's norm kind, a LayerNorm biased unless it is scale-only. */
function queryKeyNorms(context: LayerContext, over: QkNormRule['over']): AttentionSpec['qkNorm'] {
  const { headDim, queryHeads, keyValueHeads } = context.widths;
  const full = over === 'full';
  return {
    type: context.norm === 'rmsnorm' ? 'rmsnorm' : 'layernorm',
    qDim: full ? mul(queryHeads, headDim) : headDim,
    kDim: full ? mul(keyValueHeads, headDim) : headDim,
    bias: context.norm === 'layernorm',
  };
}

/**
 * Attention with Q, K and V fused into one `qkv_proj`, d → (n_h + 2·n_kv)·d_h, and `o_proj`
 * (Phi-3); `bias` says whether the fused projection has one (O never does).
 */
export function fusedQkv(o: { bias?: FlagRule } = {}): LayerPart {
  return ({ d, widths, config }): ModuleSpec => {
    const { headDim, queryHeads, keyValueHeads } = widths;
    return {
      kind: 'group',
      key: 'self_attn',
      name: 'attention',
      label: 'attn',
      role: 'attention',
      children: [
        {
          kind: 'linear',
          key: 'qkv_proj',
          label: 'QKV',
          in: d,
          out: mul(add(queryHeads, mul(num(2), keyValueHeads)), headDim),
          bias: flagOf(config, o.bias),
        },
        {
          kind: 'linear',
          key: 'o_proj',
          label: 'O',
          in: mul(queryHeads, headDim),
          out: d,
          bias: false,
        },
      ],
    };
  };
}
