import { fieldError } from '../../../errors/user-error.js';
import type { ConfigFields } from '../../config/config-fields.js';

/**
 * A width a config gives as a ratio of another, as PyTorch computes it: `int(base * ratio)`
 * (DINOv2's and Swin's `mlp_ratio`, an int or a float). Python's float product and JavaScript's
 * are the same IEEE double, so the floor agrees; an integer ratio stays exact at any size.
 */
export function ratioWidth(config: ConfigFields, field: string, base: bigint): bigint {
  const ratio = config.value(field);
  if (typeof ratio !== 'number' || !Number.isFinite(ratio) || ratio <= 0)
    throw fieldError(field, ratio, 'a positive number');
  const width = Number.isInteger(ratio)
    ? base * BigInt(ratio)
    : BigInt(Math.floor(Number(base) * ratio));
  if (width < 1n) throw fieldError(field, ratio, `a ratio that leaves a width ≥ 1 of ${base}`);
  return width;
}
