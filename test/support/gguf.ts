import { truncateSync, writeFileSync } from 'node:fs';

/**
 * Writes a GGUF (version 3) file header as llama.cpp's specification lays it out: magic, version,
 * tensor and key/value counts, the key/values (strings, u32s, a string array), then each tensor's
 * name, dimensions (innermost first, as ggml stores them), type and offset. No weights are
 * written: a verification reads the header only. With `dataBytes`, the file is extended by that
 * many bytes left sparse (a multi-GB file that takes no disk), as a real file's weights follow.
 */
export function writeGguf(
  path: string,
  metadata: Record<string, string | number | string[]>,
  tensors: Array<{ name: string; shape: number[]; type: number }>,
  options: { dataBytes?: number } = {},
): void {
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    return b;
  };
  const u64 = (n: number | bigint) => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(n));
    return b;
  };
  const str = (s: string) => Buffer.concat([u64(Buffer.byteLength(s)), Buffer.from(s)]);
  const STRING = 8;
  const UINT32 = 4;
  const ARRAY = 9;
  const parts: Buffer[] = [
    Buffer.from('GGUF'),
    u32(3),
    u64(tensors.length),
    u64(Object.keys(metadata).length),
  ];
  for (const [key, value] of Object.entries(metadata)) {
    parts.push(str(key));
    if (typeof value === 'string') parts.push(u32(STRING), str(value));
    else if (typeof value === 'number') parts.push(u32(UINT32), u32(value));
    else {
      parts.push(u32(ARRAY), u32(STRING), u64(value.length));
      // (one at a time: a vocabulary of 151,552 tokens is too many arguments for one push)
      for (const item of value) parts.push(str(item));
    }
  }
  for (const t of tensors)
    parts.push(
      str(t.name),
      u32(t.shape.length),
      ...t.shape.map((n) => u64(n)),
      u32(t.type),
      u64(0),
    );
  const header = Buffer.concat(parts);
  const padded = Buffer.concat([header, Buffer.alloc((32 - (header.length % 32)) % 32)]);
  writeFileSync(path, padded);
  if (options.dataBytes) truncateSync(path, padded.length + options.dataBytes);
}
