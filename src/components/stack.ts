import type { Expr } from '../expr/nodes.js';
import { countLabel, repeat, sum, type Part } from './part.js';

/** Where a stack sits and the subscript of its label (`enc` → `P_enc`). */
export interface StackIdentity {
  key: string;
  name: string;
  tag: string;
}

/**
 * `count` copies of a layer, `L·P_layer`, with an optional final norm after them
 * (`nn.TransformerEncoder(layer, L, norm)`). Without a norm the stack is the repeat itself.
 */
export function stack(identity: StackIdentity, count: Expr, layer: Part, finalNorm?: Part): Part {
  const stackId = { key: identity.key, name: identity.name, label: countLabel(identity.tag) };
  if (!finalNorm) return repeat(stackId, count, layer);
  const layers = repeat(
    { key: 'layers', name: `${layer.name}s`, label: countLabel(`${identity.tag} layers`) },
    count,
    layer,
  );
  return sum(stackId, [layers, finalNorm]);
}
