import { createRequire } from 'node:module';

/** KaTeX, loaded on first use only (keeping other commands' start-up short); the web page bundles it. */
export type Katex = typeof import('katex').default;
let katex: Katex | undefined;

/** KaTeX, required on the first call. */
export function loadKatex(): Katex {
  katex ??= createRequire(import.meta.url)('katex') as Katex;
  return katex;
}
