import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cacheUrl, loadCliScript, type ScriptFiles, scriptUrl } from './bundle-loader.js';
import { katexCacheUrl, katexScriptSlot, type KatexScriptSlot } from './katex-script-loader.js';

/**
 * Writes the script's V8 code cache (src/cli/bundle-loader.ts) at build time: the script is
 * compiled without one, runs each command line in turn (the questions people ask most: a derive
 * in each format, memory, compute, speed, LoRA), and then holds the bytecode of every function
 * those ran, which is what the cache keeps; KaTeX's script (src/cli/katex-script-loader.ts),
 * compiled by the typesetting runs, gets its cache the same way. Run by src/cli/bundle.ts in a
 * process of its own, with no V8 flags (a cache is valid only under the flags it was made with), its output discarded;
 * once for the script of every command from every run, and once for each command's own script
 * from its own runs (bundle-loader.ts).
 */
export async function writeCodeCache(
  commands: readonly (readonly string[])[],
  /**
   * The script the runs run and where its cache goes (the script of every command by default);
   * KaTeX's cache is written beside it only with `katex` (the runs then typeset).
   */
  target: ScriptFiles & { readonly katex: boolean } = {
    script: scriptUrl,
    cache: cacheUrl,
    katex: true,
  },
): Promise<number> {
  const argv = (args: readonly string[]) => [
    process.argv[0]!,
    fileURLToPath(target.script),
    ...args,
  ];
  const [first = [], ...rest] = commands;
  process.argv = argv(first);
  const katex: KatexScriptSlot = {};
  (globalThis as { [katexScriptSlot]?: KatexScriptSlot })[katexScriptSlot] = katex;
  const { script, exports } = loadCliScript({ useCache: false, files: target });
  await exports.run;
  for (const args of [first, ...rest]) {
    if (args !== first) await exports.main(argv(args));
    if (process.exitCode) throw new Error(`tparams ${args.join(' ')}: exit ${process.exitCode}`);
  }
  if (target.katex) {
    if (!katex.script) throw new Error('no run typeset with KaTeX: its script has no cache');
    writeFileSync(katexCacheUrl, katex.script.createCachedData());
  }
  const cache = script.createCachedData();
  writeFileSync(target.cache, cache);
  return cache.length;
}
