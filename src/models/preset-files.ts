import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Where the presets come from on Node: one JSON file each in `src/models/presets/` (read from `src/`
 * by `dist/` too: the folder ships with the package). The web page's build puts the same files in
 * its bundle instead (src/web/seams.ts).
 */
export const presetsDir = fileURLToPath(new URL('../../src/models/presets/', import.meta.url));

/** Every preset file: its path (for errors) and its parsed JSON. */
export function presetFiles(): Array<{ path: string; data: unknown }> {
  return readdirSync(presetsDir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => ({
      path: `${presetsDir}${file}`,
      data: JSON.parse(readFileSync(`${presetsDir}${file}`, 'utf8')) as unknown,
    }));
}

/** One preset's file by its name, reading only that file (names are file names: `llama-2-7b.json`). */
export function presetFile(name: string): { path: string; data: unknown } | undefined {
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(name)) return undefined;
  const path = `${presetsDir}${name}.json`;
  return existsSync(path)
    ? { path, data: JSON.parse(readFileSync(path, 'utf8')) as unknown }
    : undefined;
}
