import { describe, expect, it } from 'vitest';
import { ggufTensorBytes } from '../../src/checkpoint/gguf-types.js';

// Bits a weight as llama.cpp's k-quants PR (#1684) and its quantize tool state them: Q4_K 4.5,
// Q5_K 5.5, Q6_K 6.5625, Q8_0 8.5, Q4_0 4.5; a 4096 × 4096 matrix takes bits × 2^24 / 8 bytes.
describe('ggml element types as a GGUF file stores them', () => {
  const matrix = [4096n, 4096n];
  const bytesAt = (bits: number) => (bits * 4096 * 4096) / 8;
  it.each([
    ['Q4_K', 4.5],
    ['Q5_K', 5.5],
    ['Q6_K', 6.5625],
    ['Q8_0', 8.5],
    ['Q4_0', 4.5],
    ['F16', 16],
    ['F32', 32],
  ])('%s: %f bits a weight', (type, bits) => {
    expect(ggufTensorBytes(type, matrix)).toBe(bytesAt(bits));
  });

  it('says nothing of a type it does not know, or a row its blocks do not divide', () => {
    expect(ggufTensorBytes('Q9_Z', matrix)).toBeUndefined();
    expect(ggufTensorBytes('Q4_K', [100n])).toBeUndefined();
  });
});
