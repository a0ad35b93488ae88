import {
  MessageChannel,
  type MessagePort,
  receiveMessageOnPort,
  Worker,
} from 'node:worker_threads';
import type { BlockOptions, RenderedBlock } from '../cli/blocks/render-block.js';

/** What the waiting thread sends the block thread: the blocks, how to render them, the flag to raise. */
export interface BlockRequest {
  /** Which request this is, so an answer that came too late is not read as the next one's. */
  readonly id: number;
  readonly texts: readonly string[];
  readonly options: BlockOptions;
  readonly signal: Int32Array;
}

/** The block thread's answer: the blocks rendered, in order, or a bug's stack. */
export type BlockReply =
  | { readonly id: number; readonly rendered: readonly RenderedBlock[] }
  | { readonly id: number; readonly failure: string };

/** How long a block may take (a Hub id's first download included) before it renders as late. */
const BLOCK_TIMEOUT_MS = 120_000;

let bridge: { port: MessagePort; worker: Worker } | undefined;
let requests = 0;
const rendered = new Map<string, RenderedBlock>();

/**
 * Blocks rendered synchronously, for markdown-it's renderer: a worker thread renders them (the
 * same code as `tparams render`, so a page's models are shared out among the cores) while this
 * thread waits on a shared flag (`Atomics.wait`), so a Hub id or a checkpoint works in a plugin
 * that cannot wait for a promise. One worker serves every block of the process, with the families
 * it has loaded; an answer is kept for a block asked again (a dev server re-rendering a page), and
 * only the blocks not known yet are sent, all in one request.
 */
export function renderBlocksSync(texts: readonly string[], options: BlockOptions): RenderedBlock[] {
  const keyOf = (text: string) => JSON.stringify([text, options]);
  const unknown = [...new Set(texts.filter((text) => !rendered.has(keyOf(text))))];
  if (unknown.length > 0) {
    const replies = request(unknown, options);
    unknown.forEach((text, i) => {
      // A late block is not kept: asked again, it may render in time.
      if (!replies[i]!.late) rendered.set(keyOf(text), replies[i]!);
    });
  }
  return texts.map((text) => {
    const known = rendered.get(keyOf(text));
    return known ?? late;
  });
}

/** A block that took too long, as its mistake. */
const late: RenderedBlock = {
  error: `the block took more than ${BLOCK_TIMEOUT_MS / 1000} s`,
  markup: `<div class="tparams-block tparams-error" role="alert">tparams: the block took more than ${BLOCK_TIMEOUT_MS / 1000} s</div>\n`,
};

function request(
  texts: readonly string[],
  options: BlockOptions,
): Array<RenderedBlock & { late?: true }> {
  bridge ??= start();
  const id = ++requests;
  const signal = new Int32Array(new SharedArrayBuffer(4));
  bridge.port.postMessage({ id, texts, options, signal } satisfies BlockRequest);
  // Each block has its time, so a page of many blocks is not cut short.
  if (Atomics.wait(signal, 0, 0, BLOCK_TIMEOUT_MS * texts.length) === 'timed-out')
    return texts.map(() => ({ ...late, late: true }));
  for (;;) {
    const reply = receiveMessageOnPort(bridge.port)?.message as BlockReply | undefined;
    if (!reply) throw new Error('tparams block thread: raised its flag without an answer');
    if (reply.id !== id) continue;
    if ('failure' in reply) throw new Error(`tparams block thread: ${reply.failure}`);
    return [...reply.rendered];
  }
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
