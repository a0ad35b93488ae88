import { describe, expect, it } from 'vitest';
import { readDroppedHeader } from '../../src/web/checkpoint-file.js';

/** A Blob that records each range sliced from it, the way the page's File is read. */
class RecordingBlob extends Blob {
  readonly slices: Array<[number, number]> = [];
  override slice(start = 0, end = this.size): Blob {
    this.slices.push([start, end]);
    return super.slice(start, end);
  }
}

/** The format's layout: the 8-byte little-endian length, the header JSON, then `data` bytes. */
function safetensors(header: string, data: number, claimed = header.length): RecordingBlob {
  const length = new Uint8Array(8);
  new DataView(length.buffer).setBigUint64(0, BigInt(claimed), true);
  return new RecordingBlob([length, header, new Uint8Array(data)]);
}

describe('a dropped checkpoint read with Blob.slice (test/browser proves it on 8.6 GB)', () => {
  it('slices the 8-byte length, then exactly the header, never the data', async () => {
    const header = '{"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}}';
    const file = safetensors(header, 24);
    const tensors = await readDroppedHeader(file, 'model.safetensors');
    expect(tensors.get('w')?.shape).toEqual([2n, 3n]);
    expect(file.slices).toEqual([
      [0, 8],
      [8, 8 + header.length],
    ]);
  });

  it('refuses a length the file cannot hold before reading anything past the 8 bytes', async () => {
    const file = safetensors('{}', 0, 1_000_000);
    await expect(readDroppedHeader(file, 'x.safetensors')).rejects.toThrow(
      /^x\.safetensors is not a safetensors file: header length 1000000 does not fit the file/,
    );
    expect(file.slices).toEqual([[0, 8]]);
    await expect(readDroppedHeader(new Blob(['abc']), 'y')).rejects.toThrow(/shorter than/);
  });
});
