import { describe, expect, it } from 'vitest';
import { headerLength, parseSafetensorsHeader } from '../../src/checkpoint/safetensors-header.js';

/** The 8-byte little-endian length a safetensors file starts with (the format's own layout). */
const prefixOf = (n: bigint) => {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, n, true);
  return bytes;
};

describe('a safetensors header from its bytes (no file system: the web page reads it too)', () => {
  it('reads the length and checks it against the file and the 100 MB limit', () => {
    expect(headerLength(prefixOf(16n), 24 + 4, 'm.safetensors')).toBe(16);
    expect(() => headerLength(prefixOf(16n), 20, 'm.safetensors')).toThrow(
      /^m\.safetensors is not a safetensors file: header length 16 does not fit the file \(20 bytes/,
    );
    expect(() => headerLength(prefixOf(100_000_001n), 2e9, 'm')).toThrow(/the format's limit/);
    expect(() => headerLength(new Uint8Array(3), 3, 'm')).toThrow(/shorter than the 8-byte/);
  });

  it('parses a Uint8Array as the CLI parses a Buffer: a BOM is not JSON', () => {
    const header = '{"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}}';
    const bytes = new TextEncoder().encode(header);
    expect(parseSafetensorsHeader(bytes, 'm', 24n).get('w')?.shape).toEqual([2n, 3n]);
    expect(() =>
      parseSafetensorsHeader(new TextEncoder().encode(`\uFEFF${header}`), 'm', 24n),
    ).toThrow(/header is not JSON/);
    expect(() => parseSafetensorsHeader(bytes, 'm', 10n)).toThrow(/tensor "w"/);
  });

  it('finds the first overlap by start, whether or not the header lists tensors in order', () => {
    const t = (start: number, end: number) =>
      `{"dtype":"U8","shape":[${end - start}],"data_offsets":[${start},${end}]}`;
    const parse = (text: string) => () =>
      parseSafetensorsHeader(new TextEncoder().encode(text), 'm');
    // In order: the first neighbours that share bytes.
    expect(parse(`{"a":${t(0, 8)},"b":${t(4, 12)},"c":${t(12, 16)}}`)).toThrow(
      /^m is not a safetensors file: tensors "a" \[0, 8\] and "b" \[4, 12\] share bytes$/,
    );
    // Out of order: by start, so "c" (also at 0) comes next to "a" before "b" does.
    expect(parse(`{"a":${t(0, 8)},"b":${t(4, 12)},"c":${t(0, 2)}}`)).toThrow(
      /tensors "a" \[0, 8\] and "c" \[0, 2\] share bytes$/,
    );
    expect(parse(`{"b":${t(8, 12)},"e":${t(5, 5)},"a":${t(0, 8)}}`)().get('a')?.bytes).toBe(8);
  });

  it('refuses a dtype that is only a name on every object', () => {
    const header = '{"w":{"dtype":"constructor","shape":[2],"data_offsets":[0,2]}}';
    expect(() => parseSafetensorsHeader(new TextEncoder().encode(header), 'm')).toThrow(
      /^m is not a safetensors file: tensor "w": dtype "constructor" is not one the format defines/,
    );
  });
});
