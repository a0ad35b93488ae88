import { openAsBlob, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { blobSource, type ByteSource } from '../../src/checkpoint/byte-source.js';
import { readGguf } from '../../src/checkpoint/gguf.js';
import { readGgufSource } from '../../src/checkpoint/gguf-reader.js';
import { writeGlm4Gguf, writeLlama2Gguf } from '../support/checkpoint-files.js';
import { runCli } from '../support/cli.js';

/**
 * One GGUF reader for the CLI (an open descriptor) and the web page (a dropped File): the same
 * tensors from either, only header bytes read, and the figures llama.cpp publishes for the files.
 * GLM-4-9B (architecture glm4, which no family rebuilds): llama.cpp's n_params 9,400,279,040 and
 * model size 18,802,245,632 bytes (test/fixtures/glm4.json). Llama-2-7B (rebuilt as a llama
 * config): 6,738,415,616, its published count (test/fixtures/hf-models.json).
 */
const glm = writeGlm4Gguf();
const llama = writeLlama2Gguf();

/** A source that records the ranges read from it. */
function recording(source: ByteSource): ByteSource & { ranges: Array<[number, number]> } {
  const ranges: Array<[number, number]> = [];
  return {
    size: source.size,
    ranges,
    read: (start, end) => {
      ranges.push([start, end]);
      return source.read(start, end);
    },
  };
}

describe('a GGUF file read through one reader, from a descriptor or a Blob', () => {
  it('GLM-4-9B in BF16: llama.cpp’s n_params and model size, from the CLI', () => {
    expect(statSync(glm.path).size).toBeGreaterThan(18e9);
    const derive = runCli(['derive', glm.path, '--format', 'json']);
    expect(derive.code, derive.stderr).toBe(0);
    const json = JSON.parse(derive.stdout);
    expect(json.total).toBe(String(glm.totalParams));
    expect(json.checkpoint.why).toBe('gguf');
    const memory = JSON.parse(runCli(['memory', glm.path, '--format', 'json']).stdout);
    expect(memory.stored_weights_bytes).toBe(String(glm.modelSizeBytes));
  });

  it('Llama-2-7B in Q4_K: rebuilt as a llama config, its published count', () => {
    const derive = runCli(['derive', llama.path, '--format', 'json']);
    expect(derive.code, derive.stderr).toBe(0);
    expect(JSON.parse(derive.stdout).total).toBe(String(llama.totalParams));
  });

  it('the same tensors and sizes from a Blob as from the descriptor; only the header is read', async () => {
    const size = statSync(glm.path).size;
    const source = recording(blobSource(await openAsBlob(glm.path), 'glm.gguf'));
    const fromBlob = await readGgufSource(source, 'glm.gguf');
    const fromFile = await readGguf(glm.path);
    expect(fromBlob.architecture).toBe('glm4');
    expect(fromBlob.sizes).toEqual(fromFile.sizes);
    expect([...fromBlob.tensors]).toEqual([...fromFile.tensors]);
    expect(fromBlob.sizes).toMatchObject({
      model_type: 'glm4',
      hidden_size: 4096,
      vocab_size: 151552,
    });
    // The 24 fixed bytes, then the library's 2 MB chunks up to the header's end (its 151,552
    // tokens take 2.2 MB): nothing near the 18.8 GB of weights.
    const read = source.ranges.reduce((n, [a, b]) => n + (b - a), 0);
    expect(source.ranges[0]).toEqual([0, 24]);
    expect(read).toBeLessThan(8_000_000);
    expect(Math.max(...source.ranges.map(([, b]) => b))).toBeLessThan(size / 1000);
  });
});
