import { parseJson } from '../../json/parse-json.js';
import { page, showError, type Update } from '../page.js';

/** A pasted or dropped file: a spec when it declares modules, else a config. */
export function usePasted(text: string, update: Update): void {
  let json: unknown;
  try {
    json = parseJson(text, 'the pasted text');
  } catch (error) {
    showError((error as Error).message);
    return;
  }
  // Minified for the link, except a text with integers beyond 2^53: only the text keeps them exact.
  const kept = /\d{16,}/.test(text) ? text.replace(/^\uFEFF/, '').trim() : JSON.stringify(json);
  const isSpec =
    typeof json === 'object' &&
    json !== null &&
    Array.isArray((json as { modules?: unknown }).modules);
  update(
    {
      ...page.state,
      config: isSpec ? undefined : kept,
      spec: isSpec ? kept : undefined,
      set: [],
      className: undefined,
      context: undefined,
    },
    { now: true, controls: true },
  );
}

/** A file the reader opened or dropped, used as if pasted. */
export async function readFile(file: File | undefined, update: Update): Promise<void> {
  if (file) usePasted(await file.text(), update);
}
