import type { NormSpec } from '../../spec/model-spec.js';
import { normFactory } from '../building-blocks.js';
import type { LayerContext } from './layer-context.js';

/** A layer's norms in order: each its PyTorch module name and the label of its count. */
export type NormPlacement = readonly (readonly [key: string, label: string])[];

/** Where the norms of a decoder layer sit, by name. */
export const normPlacements = {
  /** Before attention and before the feed-forward (Llama). */
  pre: [
    ['input_layernorm', 'in'],
    ['post_attention_layernorm', 'post'],
  ],
  /** Before and after each of attention and feed-forward (Gemma 2, Gemma 3). */
  sandwich: [
    ['input_layernorm', 'in'],
    ['post_attention_layernorm', 'post-attn'],
    ['pre_feedforward_layernorm', 'pre-ffn'],
    ['post_feedforward_layernorm', 'post-ffn'],
  ],
  /** After attention and after the feed-forward only (OLMo 2). */
  post: [
    ['post_attention_layernorm', 'post-attn'],
    ['post_feedforward_layernorm', 'post-ffn'],
  ],
  /** One norm before attention and feed-forward, which run in parallel (Cohere). */
  parallel: [['input_layernorm', 'in']],
  /** Phi's single LayerNorm before its parallel attention and MLP. */
  phi: [['input_layernorm', 'LN']],
  /**
   * GLM-4's four: before attention, after it, before the MLP (named `post_attention_layernorm`, as
   * in Llama) and after it.
   */
  glm4: [
    ['input_layernorm', 'in'],
    ['post_self_attn_layernorm', 'post-attn'],
    ['post_attention_layernorm', 'post'],
    ['post_mlp_layernorm', 'post-mlp'],
  ],
} as const satisfies Record<string, NormPlacement>;

/** The maker of a decoder's norms over `d`, of its norm kind. */
export function decoderNorm(context: Pick<LayerContext, 'd' | 'norm'>) {
  return normFactory(
    context.norm === 'rmsnorm' ? 'rmsnorm' : 'layernorm',
    context.d,
    context.norm === 'scale-layernorm' ? { bias: false } : {},
  );
}

/** The norms of one layer, placed as `placement` says. */
export function layerNorms(
  context: Pick<LayerContext, 'd' | 'norm'>,
  placement: NormPlacement,
): NormSpec[] {
  const norm = decoderNorm(context);
  return placement.map(([key, label]) => norm(key, label));
}
