/**
 * What a safetensors header must satisfy before it is believed, as the format's reference
 * implementation (`safetensors/src/tensor.rs`, `Metadata::validate`) checks it: a known dtype,
 * offsets that are whole numbers with end ≥ start, inside the data that follows the header, each
 * tensor's bytes exactly its elements times its element size, no two tensors sharing bytes, no
 * name twice. A header failing one could claim any count (offsets of 10^15 and no data).
 * TensorTable (tensor-table.ts) applies them to each entry as it is read.
 */

/** Bits per element of each dtype the format defines (safetensors 0.6's `Dtype`). */
export const dtypeBits: Readonly<Record<string, number>> = {
  BOOL: 8,
  F4: 4,
  F6_E2M3: 6,
  F6_E3M2: 6,
  U8: 8,
  I8: 8,
  F8_E5M2: 8,
  F8_E4M3: 8,
  F8_E8M0: 8,
  I16: 16,
  U16: 16,
  F16: 16,
  BF16: 16,
  I32: 32,
  U32: 32,
  F32: 32,
  C64: 64,
  F64: 64,
  I64: 64,
  U64: 64,
};

/** One tensor's entry as the header gives it, before it is checked. */
export interface HeaderEntry {
  readonly name: string;
  readonly dtype: string;
  /** Whole numbers the JSON gave, so exact as numbers (bigints cost 74,391 allocations a header). */
  readonly shape: readonly number[];
  readonly start: number;
  readonly end: number;
}

/** A dtype's bits per element, for the format's own dtypes only (`constructor` is no dtype). */
export const bitsOf = (dtype: string): number | undefined =>
  Object.hasOwn(dtypeBits, dtype) ? dtypeBits[dtype] : undefined;

/** The first thing wrong with one entry, or undefined. `dataBytes` is the data section's size when known. */
export function entryProblem(t: HeaderEntry, dataBytes: bigint | undefined): string | undefined {
  const bits = bitsOf(t.dtype);
  if (bits === undefined)
    return `dtype ${JSON.stringify(t.dtype)} is not one the format defines (${Object.keys(dtypeBits).join(', ')})`;
  if (t.end < t.start) return `data_offsets [${t.start}, ${t.end}] end before they start`;
  if (dataBytes !== undefined && t.end > dataBytes)
    return `data_offsets [${t.start}, ${t.end}] reach past the data, which is ${dataBytes} bytes`;
  const held = t.end - t.start;
  // In numbers while exact (a product below 2^53), as a header's tensors all are; else in bigints.
  let bitCount = bits;
  for (let i = 0; i < t.shape.length; i++) bitCount *= t.shape[i]!;
  if (Number.isSafeInteger(bitCount) && bitCount % 8 === 0 && held === bitCount / 8)
    return undefined;
  const elements = t.shape.reduce((a, b) => a * BigInt(b), 1n);
  const exact = elements * BigInt(bits);
  if (exact % 8n === 0n && BigInt(held) === exact / 8n) return undefined;
  return `data_offsets [${t.start}, ${t.end}] hold ${held} bytes, but ${elements} elements of ${t.dtype} take ${exact % 8n === 0n ? exact / 8n : `${exact} bits`}`;
}

/**
 * A name the header's top-level object lists twice, or undefined. JSON.parse keeps the last of
 * two equal keys silently, so the raw text is scanned: one pass, strings skipped, depth counted.
 */
export function duplicateKey(text: string): string | undefined {
  const seen = new Set<string>();
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) !== 0x22)
        j += text.charCodeAt(j) === 0x5c /* \ */ ? 2 : 1;
      if (depth === 1 && expectKey) {
        // A name without escapes is its own text; only one with escapes needs decoding.
        const raw = text.slice(i + 1, j);
        const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        if (seen.has(key)) return key;
        seen.add(key);
        expectKey = false;
      }
      i = j;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      depth++;
      expectKey = depth === 1;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    } else if (c === 0x2c /* , */ && depth === 1) {
      expectKey = true;
    }
  }
  return undefined;
}
