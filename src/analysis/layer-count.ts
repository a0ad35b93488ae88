import { add, sym, type Expr } from '../expr/nodes.js';
import type { Bindings } from '../expr/evaluate.js';

/**
 * A model's layers as a formula over its count symbols: `L` when the model has it (DeepSeek's
 * `L_dense` is part of `L`), else the sum of its stacks (`L_dense + L_moe`, `L_enc + L_dec`,
 * `L_text + L_vis`).
 */
export function layerCount(bindings: Bindings): Expr {
  if (bindings.L !== undefined) return sym('L');
  const stacks = ['L_dense', 'L_moe', 'L_enc', 'L_dec', 'L_text', 'L_vis'].filter(
    (name) => bindings[name] !== undefined,
  );
  return stacks.length ? add(...stacks.map((name) => sym(name))) : sym('L');
}
