import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsedEntries, parseSafetensorsHeader } from '../../src/checkpoint/safetensors-header.js';
import { scanSafetensorsHeader } from '../../src/checkpoint/safetensors-scan.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const entry = '{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}';

describe('the one-pass scan of a common safetensors header', () => {
  it('reads the form the writers write, metadata and padding spaces included', () => {
    const header = `{"__metadata__":{"format":"pt"},"a.weight":${entry},"b":{"shape":[],"data_offsets":[24,26],"dtype":"BF16"}}   `;
    expect(scanSafetensorsHeader(bytes(header))).toEqual([
      { name: 'a.weight', dtype: 'F32', shape: [2, 3], start: 0, end: 24 },
      { name: 'b', dtype: 'BF16', shape: [], start: 24, end: 26 },
    ]);
  });

  it('leaves every other form to JSON.parse', () => {
    for (const odd of [
      `{"a\\u002eb":${entry}}`, // an escape
      `{"é":${entry}}`, // past ASCII
      `\uFEFF{"a":${entry}}`, // a BOM
      `{\n"a":${entry}}`, // a newline
      `{"a":{"dtype":"F32","shape":[2e0,3],"data_offsets":[0,24]}}`, // an exponent
      `{"a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24],"x":1}}`, // another field
      `{"a":{"dtype":"F32","dtype":"F32","shape":[2,3],"data_offsets":[0,24]}}`, // a field twice
      `{"a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24,1]}}`, // three offsets
      `{"a":{"dtype":"F32","shape":[02,3],"data_offsets":[0,24]}}`, // a leading zero
      `{"a":{"dtype":"F32","shape":[12345678901234567,3],"data_offsets":[0,24]}}`, // 17 digits
      `{"a":{"dtype":"F32","shape":[9007199254740992,3],"data_offsets":[0,24]}}`, // 2^53
      `{"7":${entry}}`, // an index, which objects list first
      `{"__metadata__":{"a":1},"a":${entry}}`, // metadata that is not strings
      `{"__metadata__":{},"__metadata__":{}}`, // metadata twice
      `{"a":${entry}} x`, // text after the object
      `{"a":${entry}`, // unclosed
      `[]`,
    ])
      expect(scanSafetensorsHeader(bytes(odd)), odd).toBeUndefined();
  });

  it('keeps a name given twice, and the header is refused as JSON.parse refuses it', () => {
    const twice = `{"a":${entry},"a":{"dtype":"F32","shape":[2,3],"data_offsets":[24,48]}}`;
    expect(scanSafetensorsHeader(bytes(twice))).toHaveLength(2);
    expect(() => parseSafetensorsHeader(bytes(twice), 'm')).toThrow(
      /^m is not a safetensors file: tensor "a" is listed twice$/,
    );
    expect(() => parsedEntries(bytes(twice), 'm')).toThrow(/tensor "a" is listed twice/);
  });

  it('reads every header JSON.stringify writes as JSON.parse reads it (fast-check)', () => {
    const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.]{0,30}$/);
    const tensor = fc.record({
      dtype: fc.constantFrom('F32', 'BF16', 'F16', 'I8', 'U8'),
      shape: fc.array(fc.nat(1e9), { maxLength: 4 }),
      data_offsets: fc.tuple(fc.nat(2 ** 52), fc.nat(2 ** 52)),
    });
    fc.assert(
      fc.property(
        fc.dictionary(name, tensor, { maxKeys: 12 }),
        fc.boolean(),
        fc.nat(9),
        (tensors, withMetadata, padding) => {
          const header = withMetadata ? { __metadata__: { format: 'pt' }, ...tensors } : tensors;
          const text = bytes(JSON.stringify(header) + ' '.repeat(padding));
          expect(scanSafetensorsHeader(text)).toEqual(parsedEntries(text, 'm'));
        },
      ),
      { numRuns: 300 },
    );
  });
});
