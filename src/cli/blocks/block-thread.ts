import { parentPort, workerData } from 'node:worker_threads';
import { type BlockOptions, type RenderedBlock, renderBlock } from './render-block.js';

/** What a helper thread says: it is ready (its modules loaded), a group's blocks, or a bug's stack. */
export type ThreadReply =
  | { readonly ready: true }
  | { readonly rendered: readonly RenderedBlock[] }
  | { readonly failure: string };

/**
 * A helper thread of `renderBlocks`: it renders the groups of blocks it is sent, one message a
 * group, with the same code as the thread that sent them, and asks for the next by answering.
 */
const port = parentPort;

/** Whether this module serves blocks: only in a thread (the CLI's script loads it for its flag). */
export const serving = port !== null;
if (port) {
  const { options } = workerData as { options: BlockOptions };
  port.on('message', async (texts: string[]) => {
    let reply: ThreadReply;
    try {
      reply = { rendered: await Promise.all(texts.map((text) => renderBlock(text, options))) };
    } catch (error) {
      reply = { failure: (error as Error).stack ?? String(error) };
    }
    port.postMessage(reply);
  });
  port.postMessage({ ready: true } satisfies ThreadReply);
}
