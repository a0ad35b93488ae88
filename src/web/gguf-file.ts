import { blobSource } from '../checkpoint/byte-source.js';
import type { GgufCheckpoint } from '../checkpoint/gguf-reader.js';
import { UserError } from '../errors/user-error.js';
import type { GgufAnswer } from './gguf-worker.js';

/**
 * A dropped GGUF file read by the CLI's reader (gguf-reader.ts) in a worker (gguf-worker.ts), so
 * the page stays responsive while the library parses the vocabulary; where no worker starts (a
 * browser that refuses module workers, or Node in tests) it is read here, loaded only now. Either
 * way the library stays out of the page's first view.
 */
export async function readGgufFile(file: File): Promise<GgufCheckpoint> {
  if (typeof Worker === 'undefined' || typeof document === 'undefined') return readHere(file);
  // The worker is built beside index.html, wherever the page is served from.
  const worker = new Worker(new URL('gguf-worker.js', document.baseURI), { type: 'module' });
  try {
    return await new Promise<GgufCheckpoint>((resolve, reject) => {
      worker.onmessage = ({ data }: MessageEvent<GgufAnswer>) => {
        if ('gguf' in data) resolve(data.gguf);
        else
          reject(
            data.userError
              ? new UserError(data.error, { field: 'checkpoint', received: file.name })
              : new Error(data.error),
          );
      };
      // (only a worker that failed to load ends here: its own errors come as messages)
      worker.onerror = (event) => {
        event.preventDefault();
        resolve(readHere(file));
      };
      worker.postMessage(file);
    });
  } finally {
    worker.terminate();
  }
}

async function readHere(file: File): Promise<GgufCheckpoint> {
  const { readGgufSource } = await import('../checkpoint/gguf-reader.js');
  return readGgufSource(blobSource(file, file.name), file.name);
}
