import { type MessagePort, workerData } from 'node:worker_threads';
import { renderBlock } from '../cli/blocks/render-block.js';
import type { BlockRequest } from './sync-blocks.js';

/**
 * The thread that renders blocks for markdown-it, whose renderer cannot wait for a promise: it
 * renders one block a message (a Hub id or a checkpoint may need I/O), answers on the port, then
 * wakes the waiting thread through the shared flag.
 */
const port = (workerData as { port: MessagePort }).port;
port.on('message', async ({ text, options, signal }: BlockRequest) => {
  let reply: { markup: string; error?: string } | { failure: string };
  try {
    reply = await renderBlock(text, options);
  } catch (error) {
    reply = { failure: (error as Error).stack ?? String(error) };
  }
  port.postMessage(reply);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
