import { blobSource } from '../checkpoint/byte-source.js';
import { readGgufSource } from '../checkpoint/gguf-reader.js';
import { UserError } from '../errors/user-error.js';

/**
 * The page's GGUF reader, in a worker of its own (built as `gguf-worker.js`): a GGUF header's
 * metadata holds the vocabulary — 151,552 strings for GLM-4, more with the merges — which
 * @huggingface/gguf parses in one loop, a second or more that would freeze the page. Sent a File,
 * it reads it with the CLI's reader (gguf-reader.ts, by `Blob.slice`) and answers with the
 * tensors and sizes, or with the error's message (whether it is a UserError: one line to show).
 */
const scope = self as unknown as {
  addEventListener(type: 'message', listener: (event: { data: File }) => void): void;
  postMessage(message: GgufAnswer): void;
};

/** What the worker answers: the file read, or why not. */
export type GgufAnswer =
  | { readonly gguf: Awaited<ReturnType<typeof readGgufSource>> }
  | { readonly error: string; readonly userError: boolean };

scope.addEventListener('message', async ({ data: file }) => {
  try {
    scope.postMessage({ gguf: await readGgufSource(blobSource(file, file.name), file.name) });
  } catch (error) {
    scope.postMessage({
      error: (error as Error).message,
      userError: error instanceof UserError,
    });
  }
});
