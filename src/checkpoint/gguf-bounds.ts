/**
 * The least bytes a GGUF header with these counts can take: the fixed part (magic, version, two
 * counts), each key/value at least an 8-byte length, a 4-byte type and a 1-byte value, each tensor
 * info at least an 8-byte name length, 4-byte dimension count, 4-byte type and 8-byte offset.
 */
const FIXED = 24;
const LEAST_PER_KV = 13;
const LEAST_PER_TENSOR = 24;

/** The bytes `leastHeaderBytes` reads: the magic, the version and the two counts. */
export const GGUF_FIXED_BYTES = FIXED;

/** Largest header @huggingface/gguf reads (its HTTP_TOTAL_MAX_SIZE). */
export const GGUF_READER_LIMIT = 50_000_000;

/**
 * The least size the header's counts claim, read from the file's first bytes (version 2 and 3
 * counts are 64-bit, version 1's 32-bit), or undefined when they are too few or not GGUF (the
 * library says why). @huggingface/gguf reads zeros past the end of a file, so a count far beyond
 * what the file holds would make it read tens of megabytes of zeros: this bound is checked first.
 */
export function leastHeaderBytes(head: Uint8Array): bigint | undefined {
  const read = Math.min(head.length, FIXED);
  const magic = String.fromCharCode(...head.subarray(0, 4));
  if (read < 4 || magic !== 'GGUF') return undefined;
  if (read < 8) return 8n;
  const view = new DataView(head.buffer, head.byteOffset, read);
  const version = view.getUint32(4, true);
  const wide = version !== 1;
  if (read < (wide ? FIXED : 16)) return BigInt(wide ? FIXED : 16);
  const tensors = wide ? view.getBigUint64(8, true) : BigInt(view.getUint32(8, true));
  const kvs = wide ? view.getBigUint64(16, true) : BigInt(view.getUint32(12, true));
  return (
    BigInt(wide ? FIXED : 16) + tensors * BigInt(LEAST_PER_TENSOR) + kvs * BigInt(LEAST_PER_KV)
  );
}
