import { readSync } from 'node:fs';

/**
 * The least bytes a GGUF header with these counts can take: the fixed part (magic, version, two
 * counts), each key/value at least an 8-byte length, a 4-byte type and a 1-byte value, each tensor
 * info at least an 8-byte name length, 4-byte dimension count, 4-byte type and 8-byte offset.
 */
const FIXED = 24;
const LEAST_PER_KV = 13;
const LEAST_PER_TENSOR = 24;

/** Largest header @huggingface/gguf reads (its HTTP_TOTAL_MAX_SIZE). */
export const GGUF_READER_LIMIT = 50_000_000;

/**
 * The least size the header's counts claim, read from the open file (version 2 and 3 counts are
 * 64-bit, version 1's 32-bit), or undefined when the file is too short or not GGUF (the library
 * says why). @huggingface/gguf reads zeros past the end of a file, so a count far beyond what
 * the file holds would make it read tens of megabytes of zeros: this bound is checked first.
 */
export function leastHeaderBytes(fd: number): bigint | undefined {
  const head = Buffer.alloc(FIXED);
  const read = readSync(fd, head, 0, FIXED, 0);
  if (read < 4 || head.toString('latin1', 0, 4) !== 'GGUF') return undefined;
  if (read < 8) return 8n;
  const version = head.readUInt32LE(4);
  const wide = version !== 1;
  if (read < (wide ? FIXED : 16)) return BigInt(wide ? FIXED : 16);
  const tensors = wide ? head.readBigUInt64LE(8) : BigInt(head.readUInt32LE(8));
  const kvs = wide ? head.readBigUInt64LE(16) : BigInt(head.readUInt32LE(12));
  return (
    BigInt(wide ? FIXED : 16) + tensors * BigInt(LEAST_PER_TENSOR) + kvs * BigInt(LEAST_PER_KV)
  );
}
