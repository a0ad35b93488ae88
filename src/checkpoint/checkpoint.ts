import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UserError } from '../errors/user-error.js';
import { parseJson } from '../json/parse-json.js';
import { limits } from '../limits.js';
import { readRegularFile } from '../files/regular-file.js';
import { readSafetensorsHeader, type TensorInfo } from './safetensors.js';
import { shardFiles } from './shard-index.js';
import { mergeShards } from './shard-merge.js';

/** A checkpoint's tensors, read from its safetensors headers, and the files they came from. */
export interface Checkpoint {
  readonly tensors: ReadonlyMap<string, TensorInfo>;
  readonly files: readonly string[];
  /** The folder holding config.json, when there is one. */
  readonly folder: string;
}

/**
 * A local checkpoint: a folder with `model.safetensors` or a sharded `model.safetensors.index.json`,
 * or one of those files. Only headers are read.
 */
export function readCheckpoint(path: string): Checkpoint {
  if (!existsSync(path))
    throw new UserError(`${path}: no such file or folder`, { field: 'checkpoint', received: path });
  const folder = statSync(path).isDirectory() ? path : dirname(path);
  const index = path.endsWith('.index.json') ? path : join(folder, 'model.safetensors.index.json');
  const single = path.endsWith('.safetensors') ? path : join(folder, 'model.safetensors');
  let files: string[];
  if (!path.endsWith('.safetensors') && existsSync(index)) {
    const json = parseJson(
      readRegularFile(index, 'index', limits.indexBytes).toString('utf8'),
      index,
    );
    // Plain names only (shardFiles): joined to the folder, they stay inside it.
    files = shardFiles(json, index).map((f) => join(folder, f));
  } else if (existsSync(single)) {
    files = [single];
  } else {
    throw new UserError(`${path}: no model.safetensors or model.safetensors.index.json`, {
      field: 'checkpoint',
      received: path,
    });
  }
  const shards = files.map((file) => ({ file, tensors: readSafetensorsHeader(file) }));
  return { tensors: mergeShards(shards), files, folder };
}
