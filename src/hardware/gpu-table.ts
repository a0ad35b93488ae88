import { nearestNames } from '../errors/suggest.js';
import { UserError } from '../errors/user-error.js';
import type { GpuSpec } from './gpu-spec.js';
import { amdInstinct } from './gpus-amd.js';
import { appleSilicon, geforce } from './gpus-consumer.js';
import { nvidiaDatacenter } from './gpus-nvidia-datacenter.js';

/** Every GPU the table knows, data-center parts first. */
export const gpuTable: readonly GpuSpec[] = [
  ...nvidiaDatacenter,
  ...amdInstinct,
  ...geforce,
  ...appleSilicon,
];

/** GPUs of one kind, as `--gpu NAME[xN]` asks for them. */
export interface GpuRequest {
  readonly spec: GpuSpec;
  readonly count: bigint;
}

/** Vendor and brand words people put before a name: `NVIDIA GeForce RTX 4090` is `RTX 4090`. */
const brandWords = /^(nvidia|geforce|tesla|amd|instinct|radeon|apple)+/;

/** A name as the table compares it: lower case, without spaces, hyphens, underscores or brand. */
export function normalGpuName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[\s\-_]+/g, '')
    .replace(brandWords, '');
}

const byName = new Map<string, GpuSpec>(
  gpuTable.flatMap((spec) =>
    [spec.name, ...(spec.aliases ?? [])].map((n) => [normalGpuName(n), spec] as const),
  ),
);

/** The row a name means, or undefined. */
export function findGpu(name: string): GpuSpec | undefined {
  return byName.get(normalGpuName(name));
}

/** At most this many GPUs of a kind: a count past it is a typing slip, not a cluster. */
const maxGpus = 100_000n;

/**
 * `--gpu NAME[xN]`: a name from the table (`rtx-4090`, `"RTX 4090"`, `h100-sxm`) and, after `x`
 * or before it, how many (`h100x8`, `8xh100`, `h100 x 8`). An unknown name is one line naming
 * the nearest names in the table.
 */
export function parseGpu(raw: string, option = '--gpu'): GpuRequest {
  const whole = findGpu(raw);
  if (whole) return { spec: whole, count: 1n };
  const compact = normalGpuName(raw);
  // The first `x` with only digits after it: `rtx4090x2` is 2 × rtx4090, `mi300xx2` 2 × mi300x.
  const split = /^(.+?)[x×*](\d+)$/.exec(compact) ?? undefined;
  const after = split && findGpu(split[1]!) ? { name: split[1]!, count: split[2]! } : undefined;
  const prefix = /^(\d+)[x×*](.+)$/.exec(compact) ?? undefined;
  const before =
    prefix && findGpu(prefix[2]!) ? { name: prefix[2]!, count: prefix[1]! } : undefined;
  const found = after ?? before;
  if (!found) throw unknownGpu(raw, option);
  const count = BigInt(found.count);
  if (count < 1n || count > maxGpus)
    throw new UserError(`${option} ${raw}: expected 1 to ${maxGpus} GPUs, got ${found.count}`, {
      field: option,
      received: raw,
      expected: `a count from 1 to ${maxGpus}`,
    });
  return { spec: findGpu(found.name)!, count };
}

function unknownGpu(raw: string, option: string): UserError {
  const names = gpuTable.map((g) => g.name);
  const normal = names.map(normalGpuName);
  const near = nearestNames(normalGpuName(raw), normal, 4).map((n) => names[normal.indexOf(n)]!);
  const listed = near.length ? `nearest: ${near.join(', ')}` : `known: ${names.join(', ')}`;
  return new UserError(
    `${option} ${raw}: not a GPU in the table (${listed}; or --bandwidth and --tflops)`,
    { field: option, received: raw, expected: 'a GPU name from the table, optionally xN' },
  );
}
