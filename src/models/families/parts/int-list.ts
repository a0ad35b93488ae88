import { fieldError } from '../../../errors/user-error.js';
import type { ConfigFields } from '../../config/config-fields.js';

/**
 * A config field that is a list of positive integers (wav2vec 2.0's `conv_dim`, Swin's `depths`),
 * as transformers reads a tuple or a list; anything else is refused with the field named.
 */
export function intList(config: ConfigFields, field: string): bigint[] {
  const value = config.value(field);
  const list = Array.isArray(value) ? value : undefined;
  const whole = list?.map((v) =>
    typeof v === 'bigint' ? v : typeof v === 'number' && Number.isSafeInteger(v) ? BigInt(v) : 0n,
  );
  if (!whole || whole.length === 0 || whole.some((v) => v < 1n))
    throw fieldError(field, value, 'a non-empty list of positive integers');
  return whole;
}

/** A probability-like number a field holds (`mask_time_prob`): refused unless a number ≥ 0. */
export function nonNegativeNumber(config: ConfigFields, field: string): number {
  const value = config.value(field);
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw fieldError(field, value, 'a number ≥ 0');
  return value;
}
