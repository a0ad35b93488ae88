import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The folder of the shipped templates, next to `src/` and `dist/`. */
export const templatesDir = fileURLToPath(new URL('../../templates/', import.meta.url));

/**
 * A locale's words as stored, `templates/locales/<lang>.json`, read on Node. The web page's build
 * puts the same files in its bundle instead (src/web/seams.ts).
 */
export function localeFile(lang: string): unknown {
  return JSON.parse(readFileSync(`${templatesDir}locales/${lang}.json`, 'utf8'));
}
