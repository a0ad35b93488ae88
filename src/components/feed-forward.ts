import type { Expr } from '../expr/nodes.js';
import { linear } from './linear.js';
import { countLabel, sum, type SumPart } from './part.js';

/** The widths, gating and biases of a feed-forward block. */
export interface FeedForwardOptions {
  key?: string;
  d: Expr;
  dFF: Expr;
  /** Biases on the projections (default true). */
  bias?: boolean;
  /** Gated (SwiGLU/GeGLU): a gate projection beside the up projection, three matrices in all. */
  gated?: boolean;
  /** Module names of the projections, which differ between codebases (`linear1`, `fc1`, `up_proj`). */
  keys?: { up?: string; down?: string; gate?: string };
}

/** Position-wise feed-forward: `2·d·d_ff + d_ff + d` with biases; gated adds a third `d·d_ff`. */
export function feedForward(o: FeedForwardOptions): SumPart {
  const bias = o.bias ?? true;
  const keys = {
    up: o.gated ? 'up_proj' : 'linear1',
    down: o.gated ? 'down_proj' : 'linear2',
    gate: 'gate_proj',
    ...o.keys,
  };
  const up = linear({ key: keys.up, name: 'up projection', tag: 'up' }, o.d, o.dFF, bias);
  const down = linear({ key: keys.down, name: 'down projection', tag: 'down' }, o.dFF, o.d, bias);
  const parts = o.gated
    ? [linear({ key: keys.gate, name: 'gate projection', tag: 'gate' }, o.d, o.dFF, bias), up, down]
    : [up, down];
  return sum(
    {
      key: o.key ?? 'mlp',
      name: o.gated ? 'gated feed-forward' : 'feed-forward',
      label: countLabel('FFN'),
      role: 'mlp',
    },
    parts,
  );
}
