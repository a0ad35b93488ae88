import { UserError } from '../errors/user-error.js';
import { scaledDecimal } from '../hardware/gpu-spec.js';

/** Units `--bandwidth` takes, in bytes a second; a bare number is GB/s, as datasheets print it. */
const bandwidthUnits: Record<string, number> = { '': 9, 'gb/s': 9, gbps: 9, 'tb/s': 12, tbps: 12 };

/** A decimal of at most three places, positive and not absurd, as `--tflops 989.4` or `--bandwidth 3.35TB/s`. */
const decimal = /^(\d{1,9}(?:\.\d{1,3})?)\s*([a-z/]*)$/i;

/** `--bandwidth 1008`, `1008GB/s`, `3.35TB/s`: bytes a second of one GPU. */
export function parseBandwidth(raw: string): bigint {
  const match = decimal.exec(raw.trim());
  const unit = match ? bandwidthUnits[match[2]!.toLowerCase()] : undefined;
  if (!match || unit === undefined || Number(match[1]) <= 0)
    throw new UserError(
      `--bandwidth ${raw}: expected a positive bandwidth in GB/s (1008, 1008GB/s) or TB/s (3.35TB/s)`,
      { field: '--bandwidth', received: raw, expected: 'GB/s or TB/s, at most 3 decimals' },
    );
  return scaledDecimal(Number(match[1]), unit);
}

/** `--tflops 989.4`: dense peak TFLOPS of one GPU in the compute type. */
export function parseTflops(raw: string): bigint {
  const match = decimal.exec(raw.trim());
  if (match?.[2] !== '' || Number(match[1]) <= 0)
    throw new UserError(`--tflops ${raw}: expected a positive number of TFLOPS, e.g. 989.4`, {
      field: '--tflops',
      received: raw,
      expected: 'a positive number, at most 3 decimals',
    });
  return scaledDecimal(Number(match[1]), 12);
}
