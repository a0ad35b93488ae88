import { add, sym, type Expr } from '../expr/nodes.js';
import type { Bindings } from '../expr/evaluate.js';

/**
 * The counts of stacks that split a model's layers: dense and sparse, encoder and decoder, two
 * towers, and the kinds of a stack whose layers differ (attention, linear attention, Mamba,
 * convolution).
 */
export const stackCountSymbols = [
  'L_dense',
  'L_moe',
  'L_enc',
  'L_dec',
  'L_text',
  'L_vis',
  'L_attn',
  'L_lin',
  'L_lin_dense',
  'L_attn_dense',
  'L_ssm',
  'L_conv',
] as const;

/**
 * A model's layers as a formula over its count symbols: `L` when the model has it (DeepSeek's
 * `L_dense` is part of `L`), else the sum of its stacks (`L_dense + L_moe`, `L_enc + L_dec`,
 * `L_text + L_vis`).
 */
export function layerCount(bindings: Bindings): Expr {
  if (bindings.L !== undefined) return sym('L');
  const stacks = stackCountSymbols.filter((name) => bindings[name] !== undefined);
  return stacks.length ? add(...stacks.map((name) => sym(name))) : sym('L');
}
