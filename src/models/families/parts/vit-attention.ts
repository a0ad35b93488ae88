import type { Expr } from '../../../expr/nodes.js';
import type { ModuleSpec } from '../../spec/model-spec.js';
import { linear } from './encoder-parts.js';

/**
 * ViT's attention as modeling_vit.py names it, copied by DINOv2: `attention.attention` holds the
 * query, key and value projections (biased by `qkv_bias`), `attention.output.dense` the biased
 * output projection, all `d × d`.
 */
export function vitAttention(d: Expr, qkvBias: boolean): ModuleSpec {
  return {
    kind: 'group',
    key: 'attention',
    name: 'attention',
    label: 'attn',
    role: 'attention',
    children: [
      {
        kind: 'group',
        key: 'attention',
        name: 'self-attention',
        label: 'QKV',
        children: [
          linear('query', 'Q', d, d, qkvBias),
          linear('key', 'K', d, d, qkvBias),
          linear('value', 'V', d, d, qkvBias),
        ],
      },
      {
        kind: 'group',
        key: 'output',
        name: 'attention output',
        label: 'attn out',
        children: [linear('dense', 'O', d, d)],
      },
    ],
  };
}
