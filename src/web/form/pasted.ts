import { UserError } from '../../errors/user-error.js';
import { parseJson } from '../../json/parse-json.js';
import { bytesText } from '../../http/bounded-body.js';
import { limits } from '../../limits.js';
import { readDroppedHeader } from '../checkpoint-file.js';
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

/**
 * Files the reader opened or dropped: a `.safetensors` checkpoint (with the config.json that came
 * along, if one did), else the first file, used as if pasted.
 */
export async function readFiles(files: ArrayLike<File> | undefined, update: Update): Promise<void> {
  const list = Array.from(files ?? []);
  const checkpoint = list.find((f) => /\.safetensors$/i.test(f.name));
  if (!checkpoint) {
    if (list[0]) usePasted(await list[0].text(), update);
    return;
  }
  const configFile = list.find((f) => /\.json$/i.test(f.name));
  try {
    const tensors = await readDroppedHeader(checkpoint, checkpoint.name);
    if (configFile && configFile.size > limits.hubFileBytes)
      throw new UserError(
        `${configFile.name} is ${bytesText(configFile.size)}, above the limit of ${bytesText(limits.hubFileBytes)} for a config`,
        { field: 'config', received: configFile.name },
      );
    const config = configFile
      ? { name: configFile.name, text: keptText(await configFile.text(), configFile.name).kept }
      : undefined;
    update(
      {
        ...page.state,
        config: config?.text,
        spec: undefined,
        set: [],
        className: undefined,
        context: undefined,
        checkpoint: {
          name: checkpoint.name,
          tensors,
          fromHeader: false,
          ...(config ? { config } : {}),
        },
      },
      { now: true, controls: true },
    );
  } catch (error) {
    showError((error as Error).message);
  }
}
