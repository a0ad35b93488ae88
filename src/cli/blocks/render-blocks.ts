import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UserError } from '../../errors/user-error.js';
import { parseBlock } from './block-command.js';
import { blockModelKey } from './block-content.js';
import { blockWords } from './block-words.js';
import { blockThreadFlag } from './thread-flag.js';
import type { ThreadReply } from './block-thread.js';
import { type BlockOptions, type RenderedBlock, renderBlock } from './render-block.js';

/** The blocks that derive one model, by their places among the blocks. */
type Group = readonly number[];

/**
 * Below this many models a helper costs more than it saves: it starts an engine, loads the modules
 * and warms up again, some 0.15 s of a core (measured on the bench note), about what five models'
 * Markdown blocks take, or one and a half models' typeset by KaTeX; and a model is derived in one
 * thread only.
 */
const fewestGroupsForThreads: Record<BlockOptions['format'], number> = { md: 6, html: 3 };

/** A core for V8's background threads (optimizing compilers, the collector), of every thread's engine. */
const backgroundCore = 1;

/** Threads beside the caller's at most, however many cores: a note is tens of models, not more. */
const mostHelpers = 3;

/**
 * Helper threads for the cores no one else is using: the cores less the load (the last minute's
 * average of runnable threads, this one counted in it), less one for V8's own background threads.
 * On a busy machine a helper only takes the core from another program and adds its own start, so
 * then there is none. The one for V8: each thread's engine optimizes the same hot code again in
 * the background, and that work outgrows the helper's own (40 models in Markdown: background
 * threads 0.54 G instructions alone, 1.39 G with a helper of 0.46 G), so on two idle cores a
 * helper made every note slower: 10 models 203 -> 222 ms, 20 models 232 -> 261 ms, 40 models
 * 525 -> 546 ms; as HTML, 10 models 621 -> 624 ms, 20 models 701 -> 721 ms.
 */
export function spareHelpers(): number {
  const busy = Math.max(1, loadavg()[0] ?? 0) + backgroundCore;
  const spare = Math.round(availableParallelism() - busy);
  return Math.max(0, Math.min(mostHelpers, spare));
}

/**
 * Blocks rendered, in their order, as `renderBlock` renders each (the same markup, the same
 * mistakes). The blocks that derive one model stay together, so the model is derived once; with
 * several models and a spare core, helper threads (at most `most`) take groups from the same
 * queue as this thread does, each as soon as it is free, so a slow start means fewer groups.
 */
export async function renderBlocks(
  texts: readonly string[],
  o: BlockOptions,
  most = spareHelpers(),
): Promise<RenderedBlock[]> {
  const thread = threadModule();
  const results: RenderedBlock[] = [];
  const queue: Group[] = [];
  let grouped = () => {};
  const known = new Promise<void>((resolve) => {
    grouped = resolve;
  });
  const fewest = fewestGroupsForThreads[o.format];
  const lanes: Array<ReturnType<typeof helperLane>> = [];
  // Started as soon as the grouping has found enough groups for helpers to pay, so that a
  // helper's start (an engine, the modules) overlaps the rest of it; never for a note of fewer
  // (a helper started and stopped unused cost some 55 M instructions).
  const startHelpers = () => {
    for (let k = 0; thread && k < most; k++) {
      try {
        lanes.push(helperLane(thread, o, texts, { queue, known }, results));
      } catch {
        // No thread to be had (a resource limit): this one renders it all.
        break;
      }
    }
  };
  const groups = await groupByModel(texts, o.lang, { fewest, enough: startHelpers });
  for (const lane of lanes.splice(groups.length - 1)) lane.stopIfIdle();
  queue.push(...groups);
  grouped();
  if (lanes.length === 0) return Promise.all(texts.map((text) => renderBlock(text, o)));
  const renderGroup = async (group: Group) => {
    const rendered = await Promise.all(group.map((i) => renderBlock(texts[i]!, o)));
    group.forEach((i, k) => {
      results[i] = rendered[k]!;
    });
  };
  while (queue.length > 0) {
    await renderGroup(queue.shift()!);
    // A helper's message (its result, its asking for more) waits for the event loop.
    await new Promise((resolve) => setImmediate(resolve));
  }
  for (const lane of lanes) lane.stopIfIdle();
  await Promise.all(lanes.map((lane) => lane.done));
  // A group a helper gave back (it failed, or died) is rendered here: a mistake is the block's, a
  // bug throws with its stack from this thread.
  while (queue.length > 0) await renderGroup(queue.shift()!);
  return results;
}

/**
 * The blocks' places grouped by the model each derives; a block that says none (a mistake, a diff)
 * is alone. `enough` is called once, as the `fewest`th group is found.
 */
async function groupByModel(
  texts: readonly string[],
  lang: string | undefined,
  { fewest, enough }: { fewest: number; enough: () => void },
): Promise<Group[]> {
  const byKey = new Map<string, number[]>();
  const groups: number[][] = [];
  for (const [i, text] of texts.entries()) {
    const key = await modelKey(text, lang);
    const group = key === undefined ? undefined : byKey.get(key);
    if (group) group.push(i);
    else {
      groups.push([i]);
      if (key !== undefined) byKey.set(key, groups.at(-1)!);
      if (groups.length === fewest) enough();
    }
  }
  return groups;
}

async function modelKey(text: string, lang?: string): Promise<string | undefined> {
  try {
    return blockModelKey(await parseBlock(blockWords(text), lang));
  } catch (error) {
    // The block's mistake is rendered with it, where it is rendered.
    if (error instanceof UserError) return undefined;
    throw error;
  }
}

/**
 * The helper thread's module, beside this one: in the CLI's bundle, the executable (a copy,
 * block-thread.cjs), which runs the CLI's script from its code cache as a thread; in the compiled
 * library, block-thread.js. None when running from the TypeScript sources (the tests'), which
 * render in one thread.
 */
function threadModule(): URL | undefined {
  for (const name of ['./block-thread.cjs', './block-thread.js']) {
    const url = new URL(name, import.meta.url);
    if (url.protocol === 'file:' && existsSync(fileURLToPath(url))) return url;
  }
  return undefined;
}

/** A helper thread taking groups from the queue until it is empty, its results put in place. */
function helperLane(
  module: URL,
  o: BlockOptions,
  texts: readonly string[],
  { queue, known }: { queue: Group[]; known: Promise<void> },
  results: RenderedBlock[],
) {
  const worker = new Worker(module, { argv: [blockThreadFlag], workerData: { options: o } });
  let current: Group | undefined;
  let stopped = false;
  let finish = () => {};
  const done = new Promise<void>((resolve) => {
    finish = () => {
      // Given back: a group the helper could not render goes back to the queue.
      if (current) queue.unshift(current);
      current = undefined;
      stopped = true;
      finish = () => {};
      void worker.terminate();
      resolve();
    };
  });
  const next = () => {
    // A message already on its way when the helper was stopped takes nothing from the queue.
    if (stopped) return;
    current = queue.shift();
    if (current) worker.postMessage(current.map((i) => texts[i]!));
    else finish();
  };
  worker.on('message', (reply: ThreadReply) => {
    if ('failure' in reply) return finish();
    if ('ready' in reply) return void known.then(next);
    current?.forEach((i, k) => {
      results[i] = reply.rendered[k]!;
    });
    current = undefined;
    next();
  });
  worker.on('error', () => finish());
  worker.on('exit', () => finish());
  return {
    done,
    /** Ends a helper still starting when this thread has taken the last group. */
    stopIfIdle: () => {
      if (!current) finish();
    },
  };
}
