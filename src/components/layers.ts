import type { Expr } from '../expr/nodes.js';
import { feedForward } from './feed-forward.js';
import { multiheadAttention } from './multihead-attention.js';
import { layerNorm } from './norms.js';
import { countLabel, sum, type SumPart } from './part.js';

/** The sizes of a PyTorch-style encoder or decoder layer. */
export interface TransformerLayerOptions {
  d: Expr;
  dFF: Expr;
  /** Biases in attention, feed-forward and LayerNorm (PyTorch ≥ 2.1 `bias`; default true). */
  bias?: boolean;
  /** Biases on K and V added by `add_bias_kv`. */
  addBiasKv?: boolean;
}

/** Encoder layer: self-attention (an `nn.MultiheadAttention`) + feed-forward + 2 LayerNorms (`nn.TransformerEncoderLayer`). */
export function encoderLayer(o: TransformerLayerOptions): SumPart {
  const bias = o.bias ?? true;
  return sum({ key: 'layer', name: 'encoder layer', label: countLabel('enc-layer') }, [
    multiheadAttention({ d: o.d, bias, addBiasKv: o.addBiasKv ?? false }),
    feedForward({ key: 'ffn', d: o.d, dFF: o.dFF, bias }),
    layerNorm({ key: 'norm1', tag: 'LN1' }, o.d, { bias }),
    layerNorm({ key: 'norm2', tag: 'LN2' }, o.d, { bias }),
  ]);
}

/** Decoder layer: self-attention + cross-attention + feed-forward + 3 LayerNorms (`nn.TransformerDecoderLayer`). */
export function decoderLayer(o: TransformerLayerOptions): SumPart {
  const bias = o.bias ?? true;
  return sum({ key: 'layer', name: 'decoder layer', label: countLabel('dec-layer') }, [
    multiheadAttention({ d: o.d, bias, addBiasKv: o.addBiasKv ?? false }),
    multiheadAttention({
      key: 'multihead_attn',
      name: 'cross-attention',
      tag: 'cross',
      d: o.d,
      bias,
      addBiasKv: o.addBiasKv ?? false,
    }),
    feedForward({ key: 'ffn', d: o.d, dFF: o.dFF, bias }),
    layerNorm({ key: 'norm1', tag: 'LN1' }, o.d, { bias }),
    layerNorm({ key: 'norm2', tag: 'LN2' }, o.d, { bias }),
    layerNorm({ key: 'norm3', tag: 'LN3' }, o.d, { bias }),
  ]);
}
