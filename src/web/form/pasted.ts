import { parseJson } from '../../json/parse-json.js';
import type { DroppedCheckpoint } from '../checkpoint-file.js';
import { readDropped } from '../dropped-files.js';
import { page, showError, type Update } from '../page.js';

/** A pasted text as the link keeps it, and whether it is a spec (it declares modules). */
function keptText(text: string, what: string): { kept: string; isSpec: boolean } {
  const json = parseJson(text, what);
  // Minified for the link, except a text with integers beyond 2^53: only the text keeps them exact.
  const kept = /\d{16,}/.test(text) ? text.replace(/^\uFEFF/, '').trim() : JSON.stringify(json);
  const isSpec =
    typeof json === 'object' &&
    json !== null &&
    Array.isArray((json as { modules?: unknown }).modules);
  return { kept, isSpec };
}

/** A pasted or dropped file: a spec when it declares modules, else a config (of a dropped checkpoint, if one is shown). */
export function usePasted(text: string, update: Update): void {
  let pasted: ReturnType<typeof keptText>;
  try {
    pasted = keptText(text, 'the pasted text');
  } catch (error) {
    showError((error as Error).message);
    return;
  }
  const { kept, isSpec } = pasted;
  update(
    {
      ...page.state,
      config: isSpec ? undefined : kept,
      spec: isSpec ? kept : undefined,
      set: [],
      className: undefined,
      context: undefined,
      ...(isSpec ? { checkpoint: undefined } : {}),
    },
    { now: true, controls: true },
  );
}

/** Drops still being read: a later drop supersedes one whose headers are still coming. */
let reading = 0;

/**
 * Files the reader opened or dropped: a checkpoint (a `.safetensors` file or its shards, or a
 * `.gguf` file, with the config.json that came along: dropped-files.ts), else the first file, used
 * as if pasted. A file that cannot be read is one line in the error line; nothing else changes.
 */
export async function readFiles(files: ArrayLike<File> | undefined, update: Update): Promise<void> {
  const list = Array.from(files ?? []);
  const mine = ++reading;
  let checkpoint: DroppedCheckpoint | undefined;
  try {
    checkpoint = await readDropped(list, (text, what) => keptText(text, what).kept);
  } catch (error) {
    if (mine === reading) showError((error as Error).message);
    return;
  }
  if (mine !== reading) return;
  if (!checkpoint) {
    if (list[0]) usePasted(await list[0].text(), update);
    return;
  }
  update(
    {
      ...page.state,
      config: checkpoint.config?.text,
      spec: undefined,
      set: [],
      className: undefined,
      context: undefined,
      checkpoint,
    },
    { now: true, controls: true },
  );
}
