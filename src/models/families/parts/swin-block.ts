import { mul, num, pow, sub, type Expr, type Sym } from '../../../expr/nodes.js';
import type { ModuleSpec } from '../../spec/model-spec.js';
import { normFactory } from '../building-blocks.js';
import { linear } from './encoder-parts.js';

/** One window-attention block of stage `stage`: width `d`, `heads` heads, window `w`, MLP width `dFF`. */
export function swinBlock(
  d: Expr,
  heads: Expr,
  w: Sym,
  dFF: Expr,
  o: { qkvBias: boolean; stage: number },
): ModuleSpec {
  const { qkvBias, stage } = o;
  const ln = normFactory('layernorm', d);
  return {
    kind: 'group',
    key: 'block',
    name: 'Swin block',
    label: 'block',
    children: [
      ln('layernorm_before', 'LN1'),
      {
        kind: 'group',
        key: 'attention',
        name: 'window attention',
        label: `attn,${stage}`,
        role: 'attention',
        children: [
          {
            kind: 'group',
            key: 'self',
            name: 'self-attention',
            label: 'QKV',
            children: [
              {
                kind: 'tensor',
                key: 'relative_position_bias_table',
                name: 'relative position bias',
                label: 'rel',
                shape: [pow(sub(mul(num(2), w), num(1)), 2), heads],
              },
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
      },
      ln('layernorm_after', 'LN2'),
      {
        kind: 'group',
        key: 'intermediate',
        name: 'feed-forward up',
        label: 'up',
        role: 'mlp',
        children: [linear('dense', 'up', d, dFF)],
      },
      {
        kind: 'group',
        key: 'output',
        name: 'feed-forward down',
        label: 'down',
        role: 'mlp',
        children: [linear('dense', 'down', dFF, d)],
      },
    ],
  };
}
