import { writeFileSync } from 'node:fs';

/**
 * Writes a real safetensors file as the format's specification lays it out: an 8-byte little-endian
 * header length, the JSON header (dtype, shape, data_offsets per tensor, padded with spaces to a
 * multiple of 8), then the data (zeros here: verification reads only the header).
 */
export function writeSafetensors(
  path: string,
  tensors: Record<string, { dtype?: string; shape: number[] }>,
  metadata: Record<string, string> = { format: 'pt' },
): void {
  const size = { F32: 4, F16: 2, BF16: 2, I64: 8, U8: 1 } as Record<string, number>;
  let offset = 0;
  const header: Record<string, unknown> = { __metadata__: metadata };
  for (const [name, t] of Object.entries(tensors)) {
    const dtype = t.dtype ?? 'BF16';
    const bytes = t.shape.reduce((a, b) => a * b, 1) * size[dtype]!;
    header[name] = { dtype, shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (Buffer.byteLength(json) % 8)) % 8);
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(Buffer.byteLength(json)));
  writeFileSync(path, Buffer.concat([length, Buffer.from(json), Buffer.alloc(offset)]));
}
