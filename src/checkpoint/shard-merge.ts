import { show, UserError } from '../errors/user-error.js';
import type { TensorInfo } from './safetensors-header.js';

/** Shards whose headers are read at once: a few, as a browser limits itself to a few requests. */
export const SHARDS_AT_ONCE = 4;

/** One shard's header: the file it came from (as errors name it) and its tensors. */
export interface ShardHeader {
  readonly file: string;
  readonly tensors: ReadonlyMap<string, TensorInfo>;
}

/**
 * The shards' tensors as one map, in the shards' order. A tensor in two shards is refused, naming
 * both files (transformers would load one of the two silently). `label` (a Hub id) starts the
 * message. One shard's map is returned as it is: 74,391 names need not be copied.
 */
export function mergeShards(
  shards: readonly ShardHeader[],
  label?: string,
): ReadonlyMap<string, TensorInfo> {
  if (shards.length === 1) return shards[0]!.tensors;
  const tensors = new Map<string, TensorInfo>();
  shards.forEach((shard, at) => {
    // forEach, not for…of: a cold for…of costs an entry array and an iterator result a name.
    shard.tensors.forEach((info, name) => {
      if (tensors.has(name)) {
        // (only on the way to the error: which earlier shard holds it)
        const first = shards.slice(0, at).find((s) => s.tensors.has(name))!.file;
        throw new UserError(
          `${label ? `${label}: ` : ''}tensor ${show(name)} is in two shards: ${first} and ${shard.file}`,
          { field: 'checkpoint', received: shard.file },
        );
      }
      tensors.set(name, info);
    });
  });
  return tensors;
}

/** `work` over every item, `size` at a time, the results in the items' order. */
export async function inBatches<T, R>(
  items: readonly T[],
  size: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size)
    results.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return results;
}
