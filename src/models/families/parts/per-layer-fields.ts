import { fieldError } from '../../../errors/user-error.js';
import type { ConfigFields } from '../../config/config-fields.js';

/**
 * A field a config may write once or as a list with one entry per layer (HunYuan's `num_experts`,
 * `moe_topk`): the one value every layer takes, or undefined when the field is absent or null.
 * The families count a stack as copies of one layer, so a list whose first `layerCount` entries
 * differ is refused, naming the field, rather than counted as if its layers were equal.
 */
export function uniformPerLayer(
  config: ConfigFields,
  field: string,
  layerCount: bigint,
): bigint | undefined {
  const value = config.value(field);
  if (!Array.isArray(value)) return config.optionalSize(field);
  const expected = `a positive integer, or a list of ${layerCount} equal ones (one a layer)`;
  const used = value.slice(0, Number(layerCount));
  const first = used[0];
  const whole = (v: unknown) =>
    (typeof v === 'number' && Number.isSafeInteger(v) && v > 0) ||
    (typeof v === 'bigint' && v > 0n);
  if (
    used.length < layerCount ||
    !used.every((v) => whole(v) && BigInt(v as number) === BigInt(first as number))
  )
    throw fieldError(field, value, expected);
  return BigInt(first as number);
}
