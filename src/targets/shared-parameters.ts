import type { ParameterSpec } from './parameters.js';

/** Parameter declarations that several targets share, so each is described once. */
export const size = (
  name: string,
  symbol: string | undefined,
  description: string,
  fallback?: bigint,
): ParameterSpec => ({
  kind: 'size',
  name,
  ...(symbol ? { symbol } : {}),
  ...(fallback !== undefined ? { default: fallback } : {}),
  description,
});

export const flag = (name: string, fallback: boolean, description: string): ParameterSpec => ({
  kind: 'flag',
  name,
  default: fallback,
  description,
});

export const ignored = (...names: string[]): ParameterSpec[] =>
  names.map((name) => ({
    kind: 'ignored',
    name,
    description: 'accepted so a constructor call can be pasted; holds no parameters',
  }));

/** PyTorch's transformer-layer arguments (`nn.TransformerEncoderLayer`, `nn.TransformerDecoderLayer`). */
export function torchLayerParameters(
  defaults: { dModel?: bigint; nhead?: bigint } = {},
): ParameterSpec[] {
  return [
    size('d_model', 'd_model', 'model width', defaults.dModel),
    size(
      'nhead',
      'n_h',
      'attention heads (must divide d_model; does not change the count)',
      defaults.nhead,
    ),
    size('dim_feedforward', 'd_ff', 'feed-forward inner size', 2048n),
    flag('bias', true, 'biases in linear layers and LayerNorms (PyTorch ≥ 2.1)'),
    ...ignored(
      'dropout',
      'activation',
      'layer_norm_eps',
      'batch_first',
      'norm_first',
      'device',
      'dtype',
    ),
  ];
}
