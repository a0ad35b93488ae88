import { createRequire } from 'node:module';
import type vm from 'node:vm';
import { compileWithCodeCache } from './cached-script.js';
import { tierUpLater } from './tier-up.js';
import type { Katex } from '../render/katex-loader.js';

/**
 * The CLI's twin of src/render/katex-loader.ts (src/cli/bundle.ts swaps it in): KaTeX from a
 * script of its own beside the CLI's, dist/cli/katex-script.js, compiled with the V8 code cache
 * the build made from typesetting runs (katex-script.cache). Loading KaTeX from node_modules
 * parsed and compiled its 270 kB on every typesetting command (134 M instructions for
 * DeepSeek-V3's HTML document, 40 M from the cache). Only commands that typeset load it.
 */
export type { Katex };

/** The script and its cache, beside the CLI's script (src/cli/bundle.ts writes both). */
export const katexScriptUrl = new URL('./katex-script.js', import.meta.url);
export const katexCacheUrl = new URL('./katex-script.cache', import.meta.url);

/**
 * Where the build's code-cache writer (src/cli/code-cache.ts, another module instance in the
 * same process) finds the compiled script, to ask it for its cache after the runs.
 */
export const katexScriptSlot = Symbol.for('tparams.katexScript');

/** What the code-cache writer leaves in the slot: the compiled script, once KaTeX is loaded. */
export interface KatexScriptSlot {
  script?: vm.Script;
}

let katex: Katex | undefined;

/** KaTeX, compiled from its script on the first call. */
export function loadKatex(): Katex {
  katex ??= compileKatex();
  return katex;
}

function compileKatex(): Katex {
  const slot = (globalThis as { [katexScriptSlot]?: KatexScriptSlot })[katexScriptSlot];
  const script = compileWithCodeCache(katexScriptUrl, katexCacheUrl, !slot);
  const module = { exports: {} as { default?: Katex } };
  const wrapper = script.runInThisContext() as (
    exports: object,
    require: NodeJS.Require,
    module: object,
  ) => void;
  wrapper(module.exports, createRequire(katexScriptUrl), module);
  if (slot) slot.script = script;
  // After the cache is read (V8 checks it against the flags' hash), and not in the writer, whose
  // cache of the CLI's script must carry the flags a start has.
  else tierUpLater();
  return (module.exports.default ?? module.exports) as Katex;
}
