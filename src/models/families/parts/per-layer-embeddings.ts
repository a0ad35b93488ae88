import { type Expr, mul } from '../../../expr/nodes.js';
import type { ModuleSpec } from '../../spec/model-spec.js';
import type { LayerContext } from './layer-context.js';

/**
 * Gemma 4's per-layer embeddings (PLE), on when `hidden_size_per_layer_input` is set and not 0:
 * one packed table `embed_tokens_per_layer` (V_ple × L·d_ple, every layer's slice side by side),
 * `per_layer_model_projection` (d → L·d_ple, no bias) and `per_layer_projection_norm` (RMSNorm of
 * d_ple) in the base model; `width` is `d_ple`, or undefined when the config turns PLE off.
 */
export function perLayerWidth(context: LayerContext): Expr | undefined {
  const { config, sizes } = context;
  const value = config.value('hidden_size_per_layer_input');
  if (value === null || value === 0) return undefined;
  return sizes.bind('d_ple', config.size('hidden_size_per_layer_input'));
}

/** The base model's PLE modules: the packed table, its projection from `d` and its norm. */
export function perLayerEmbeddings(context: LayerContext, width: Expr, layers: Expr): ModuleSpec[] {
  const { config, sizes, d } = context;
  const vocab = sizes.bind('V_ple', config.size('vocab_size_per_layer_input'));
  const packed = mul(layers, width);
  return [
    {
      kind: 'embedding',
      key: 'embed_tokens_per_layer',
      name: 'per-layer embeddings',
      label: 'ple',
      // A lookup by token id like `embed_tokens`: a vocabulary table, out of non-embedding counts.
      role: 'token-embedding',
      rows: vocab,
      dim: packed,
    },
    {
      kind: 'linear',
      key: 'per_layer_model_projection',
      label: 'ple,proj',
      in: d,
      out: packed,
      bias: false,
    },
    { kind: 'norm', key: 'per_layer_projection_norm', type: 'rmsnorm', dim: width, label: 'ple' },
  ];
}

/**
 * A layer's share of PLE, after its feed-forward: `per_layer_input_gate` (d → d_ple),
 * `per_layer_projection` (d_ple → d), both without bias, and `post_per_layer_input_norm` over d.
 */
export function perLayerInput({ d }: LayerContext, width: Expr): ModuleSpec[] {
  return [
    {
      kind: 'linear',
      key: 'per_layer_input_gate',
      label: 'ple,gate',
      in: d,
      out: width,
      bias: false,
    },
    {
      kind: 'linear',
      key: 'per_layer_projection',
      label: 'ple,out',
      in: width,
      out: d,
      bias: false,
    },
    { kind: 'norm', key: 'post_per_layer_input_norm', type: 'rmsnorm', dim: d, label: 'post-ple' },
  ];
}
