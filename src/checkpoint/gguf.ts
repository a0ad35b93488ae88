import { closeSync, readSync } from 'node:fs';
import { openRegularFile } from '../files/regular-file.js';
import type { ByteSource } from './byte-source.js';
import { type GgufCheckpoint, readGgufSource } from './gguf-reader.js';

export type { GgufCheckpoint } from './gguf-reader.js';

/**
 * A local GGUF file (llama.cpp) by its metadata and tensor infos (gguf-reader.ts, which the web
 * page runs on a dropped file), never the weights. A FIFO or a device would block the read: it is
 * refused before anything is read, and the file is read through the one descriptor checked.
 */
export async function readGguf(path: string): Promise<GgufCheckpoint> {
  const { fd, size } = openRegularFile(path, 'checkpoint');
  try {
    return await readGgufSource(descriptorSource(fd, size), path);
  } finally {
    closeSync(fd);
  }
}

/** An open file as a byte source: each range read with `readSync` at its offset. */
function descriptorSource(fd: number, size: number): ByteSource {
  return {
    size,
    read: async (start, end) => {
      const bytes = new Uint8Array(Math.max(0, end - start));
      let read = 0;
      while (read < bytes.length) {
        const n = readSync(fd, bytes, read, bytes.length - read, start + read);
        if (n === 0) break;
        read += n;
      }
      return bytes.subarray(0, read);
    },
  };
}
