import { closeSync, openSync, readSync, fstatSync } from 'node:fs';
import { UserError } from '../errors/user-error.js';

/** One tensor as a safetensors header describes it. */
export interface TensorInfo {
  readonly dtype: string;
  readonly shape: readonly bigint[];
}

/** The header's limit in the format's own reference implementation: 100 MB. */
const MAX_HEADER = 100_000_000;

/**
 * Reads the header of a safetensors file — the 8-byte little-endian length and the JSON that
 * follows — and never the weights. Errors name the file and what is wrong with it.
 */
export function readSafetensorsHeader(path: string): Map<string, TensorInfo> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message}`, { field: 'checkpoint', received: path });
  }
  try {
    const size = fstatSync(fd).size;
    const prefix = Buffer.alloc(8);
    if (size < 8 || readSync(fd, prefix, 0, 8, 0) !== 8) throw bad(path, 'shorter than the 8-byte header length');
    const length = prefix.readBigUInt64LE(0);
    if (length > BigInt(MAX_HEADER) || length + 8n > BigInt(size)) throw bad(path, `header length ${length} does not fit the file (${size} bytes)`);
    const header = Buffer.alloc(Number(length));
    readSync(fd, header, 0, header.length, 8);
    return parseSafetensorsHeader(header, path);
  } finally {
    closeSync(fd);
  }
}

/** The tensors a safetensors header (the JSON after the length) lists; `where` names the file in errors. */
export function parseSafetensorsHeader(header: Buffer, where: string): Map<string, TensorInfo> {
  let json: unknown;
  try {
    json = JSON.parse(header.toString('utf8'));
  } catch (error) {
    throw bad(where, `header is not JSON (${(error as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw bad(where, 'header is not a JSON object');
  const tensors = new Map<string, TensorInfo>();
  for (const [name, value] of Object.entries(json as Record<string, unknown>)) {
    if (name === '__metadata__') continue;
    const info = value as { dtype?: unknown; shape?: unknown };
    if (typeof info?.dtype !== 'string' || !Array.isArray(info.shape) || !info.shape.every((n) => Number.isSafeInteger(n) && (n as number) >= 0)) {
      throw bad(where, `tensor ${name}: expected { dtype, shape, data_offsets }`);
    }
    tensors.set(name, { dtype: info.dtype, shape: (info.shape as number[]).map((n) => BigInt(n)) });
  }
  return tensors;
}

const bad = (path: string, what: string) => new UserError(`${path} is not a safetensors file: ${what}`, { field: 'checkpoint', received: path });
