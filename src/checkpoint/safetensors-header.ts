import { show, UserError } from '../errors/user-error.js';
import { duplicateKey, type HeaderEntry } from './safetensors-checks.js';
import { scanSafetensorsInto } from './safetensors-scan.js';
import { TensorTable } from './tensor-table.js';

/**
 * A safetensors header read from its bytes, with no file system: the CLI reads the bytes with
 * node:fs (safetensors.ts), the web page with `File.slice`; both check them here, the same way.
 */

/** One tensor as a safetensors header describes it. */
export interface TensorInfo {
  readonly dtype: string;
  readonly shape: readonly bigint[];
  /** The bytes its data takes in the file (safetensors' `data_offsets`), where the header says. */
  readonly bytes?: number;
}

/** The header's limit in the format's own reference implementation: 100 MB. */
export const MAX_HEADER = 100_000_000;

/**
 * The header's length from the file's first 8 bytes (little-endian), once it is checked to fit
 * the file's `size` and the format's limit: nothing past it need be read.
 */
export function headerLength(prefix: Uint8Array, size: number, where: string): number {
  if (size < 8 || prefix.length < 8) throw bad(where, 'shorter than the 8-byte header length');
  const length = new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true);
  if (length > BigInt(MAX_HEADER) || length + 8n > BigInt(size))
    throw bad(
      where,
      `header length ${length} does not fit the file (${size} bytes; the format's limit is ${MAX_HEADER})`,
    );
  return Number(length);
}

/**
 * The tensors a safetensors header (the JSON after the length) lists, once it is checked to be
 * consistent (see safetensors-checks.ts); `where` names the file in errors, `dataBytes` is the
 * size of the data after the header when it is known (a server may not say).
 */
export function parseSafetensorsHeader(
  header: Uint8Array,
  where: string,
  dataBytes?: bigint,
): Map<string, TensorInfo> {
  let table = new TensorTable(dataBytes);
  if (!scanSafetensorsInto(header, table)) {
    // The scan may have handed on some entries before it met a form it leaves to JSON.parse.
    table = new TensorTable(dataBytes);
    for (const e of parsedEntries(header, where))
      table.add(e.name, e.dtype, e.shape, e.start, e.end);
  }
  return table.tensors((what) => bad(where, what));
}

/**
 * The entries of a header in any form JSON allows (escapes, exponents, fields the format does
 * not define), read by JSON.parse, or the error that names what is wrong.
 */
export function parsedEntries(header: Uint8Array, where: string): HeaderEntry[] {
  // As Buffer's utf8: bad bytes become U+FFFD and a BOM is kept (so JSON.parse refuses it).
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(header);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw bad(where, `header is not JSON (${(error as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw bad(where, 'header is not a JSON object');
  const twice = duplicateKey(text);
  if (twice !== undefined) throw bad(where, `tensor ${show(twice)} is listed twice`);
  const entries: HeaderEntry[] = [];
  const values = json as Record<string, unknown>;
  for (const name in values) {
    const value = values[name];
    if (name === '__metadata__') {
      checkMetadata(value, where);
      continue;
    }
    const info = value as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const offsets = info?.data_offsets;
    if (
      typeof info?.dtype !== 'string' ||
      !Array.isArray(info.shape) ||
      !info.shape.every(isCount) ||
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every(isCount)
    ) {
      throw bad(
        where,
        `tensor ${show(name)}: expected { "dtype": string, "shape": [whole numbers], "data_offsets": [start, end] }, got ${show(value)}`,
      );
    }
    entries.push({
      name,
      dtype: info.dtype,
      shape: info.shape as number[],
      start: offsets[0] as number,
      end: offsets[1] as number,
    });
  }
  return entries;
}

const isCount = (n: unknown) => Number.isSafeInteger(n) && (n as number) >= 0;

/** `__metadata__` is a map of strings to strings in the format (transformers writes `{"format": "pt"}`). */
function checkMetadata(value: unknown, where: string) {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw bad(where, `__metadata__ = ${show(value)}: expected a map of strings to strings`);
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string')
      throw bad(where, `__metadata__[${show(key)}] = ${show(v)}: expected a string`);
  }
}

/** The one error of a file that is not a safetensors file, naming it and what is wrong. */
export const bad = (path: string, what: string) =>
  new UserError(`${path} is not a safetensors file: ${what}`, {
    field: 'checkpoint',
    received: path,
  });
