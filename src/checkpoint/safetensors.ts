import { closeSync, readSync } from 'node:fs';
import { openRegularFile } from '../files/regular-file.js';
import {
  bad,
  headerLength,
  parseSafetensorsHeader,
  type TensorInfo,
} from './safetensors-header.js';

export { MAX_HEADER, parseSafetensorsHeader, type TensorInfo } from './safetensors-header.js';

/**
 * Reads the header of a safetensors file — the 8-byte little-endian length and the JSON that
 * follows — and never the weights. Errors name the file and what is wrong with it.
 */
export function readSafetensorsHeader(path: string): Map<string, TensorInfo> {
  const { fd, size } = openRegularFile(path, 'checkpoint');
  try {
    const prefix = Buffer.alloc(8);
    const got = size < 8 ? 0 : readSync(fd, prefix, 0, 8, 0);
    const length = headerLength(prefix.subarray(0, got), size, path);
    const header = Buffer.alloc(length);
    if (readSync(fd, header, 0, header.length, 8) !== header.length)
      throw bad(path, 'the header is cut off');
    return parseSafetensorsHeader(header, path, BigInt(size) - 8n - BigInt(length));
  } finally {
    closeSync(fd);
  }
}
