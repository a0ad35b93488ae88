import {
  MessageChannel,
  type MessagePort,
  receiveMessageOnPort,
  Worker,
} from 'node:worker_threads';
import type { BlockOptions, RenderedBlock } from '../cli/blocks/render-block.js';

/** What the waiting thread sends the block thread: the block, how to render it, the flag to raise. */
export interface BlockRequest {
  readonly text: string;
  readonly options: BlockOptions;
  readonly signal: Int32Array;
}

/** How long a block may take (a Hub id's first download included) before it renders as late. */
const BLOCK_TIMEOUT_MS = 120_000;

let bridge: { port: MessagePort; worker: Worker } | undefined;
const rendered = new Map<string, RenderedBlock>();

/**
 * A block rendered synchronously, for markdown-it's renderer: a worker thread renders it (the
 * same code as `tparams render`) while this thread waits on a shared flag (`Atomics.wait`), so a
 * Hub id or a checkpoint works in a plugin that cannot wait for a promise. One worker serves
 * every block of the process, with the families it has loaded; an answer is kept for a block
 * asked again (a dev server re-rendering a page).
 */
export function renderBlockSync(text: string, options: BlockOptions): RenderedBlock {
  const key = JSON.stringify([text, options]);
  const known = rendered.get(key);
  if (known) return known;
  bridge ??= start();
  const signal = new Int32Array(new SharedArrayBuffer(4));
  bridge.port.postMessage({ text, options, signal } satisfies BlockRequest);
  if (Atomics.wait(signal, 0, 0, BLOCK_TIMEOUT_MS) === 'timed-out')
    return {
      error: `the block took more than ${BLOCK_TIMEOUT_MS / 1000} s`,
      markup: `<div class="tparams-block tparams-error" role="alert">tparams: the block took more than ${BLOCK_TIMEOUT_MS / 1000} s</div>\n`,
    };
  const reply = receiveMessageOnPort(bridge.port)?.message as RenderedBlock | { failure: string };
  if ('failure' in reply) throw new Error(`tparams block thread: ${reply.failure}`);
  rendered.set(key, reply);
  return reply;
}

function start() {
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(new URL('./block-worker.js', import.meta.url), {
    workerData: { port: port2 },
    transferList: [port2],
  });
  // Neither keeps the process alive once the note is rendered.
  worker.unref();
  port1.unref();
  return { port: port1, worker };
}
