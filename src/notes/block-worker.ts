import { type MessagePort, workerData } from 'node:worker_threads';
import { renderBlocks } from '../cli/blocks/render-blocks.js';
import type { BlockReply, BlockRequest } from './sync-blocks.js';

/**
 * The thread that renders blocks for markdown-it, whose renderer cannot wait for a promise: it
 * renders a page's blocks a message (a Hub id or a checkpoint may need I/O; several models share
 * out the cores), answers on the port, then wakes the waiting thread through the shared flag.
 */
const port = (workerData as { port: MessagePort }).port;
port.on('message', async ({ id, texts, options, signal }: BlockRequest) => {
  let reply: BlockReply;
  try {
    reply = { id, rendered: await renderBlocks(texts, options) };
  } catch (error) {
    reply = { id, failure: (error as Error).stack ?? String(error) };
  }
  port.postMessage(reply);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
