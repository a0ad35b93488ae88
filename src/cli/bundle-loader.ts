import { createRequire } from 'node:module';
import type vm from 'node:vm';
import { compileWithCodeCache } from './cached-script.js';

/**
 * The `tparams` command is one script (dist/cli/tparams-script.js, written by src/cli/bundle.ts)
 * compiled with V8's code cache beside it (tparams-script.cache, written at build time from
 * runs of the common commands): a cold start then deserializes the functions it runs instead of
 * parsing and compiling them, which was a third of a `derive`. A cache made by another Node (or
 * with other V8 flags) is rejected by V8 and the script is compiled as usual: slower, never wrong.
 */

/** What the script exports: src/cli/main.ts. */
export interface CliScript {
  /** This process's command line, running since the script was loaded. */
  readonly run: Promise<void>;
  /** Runs one more command line in the same script (the code-cache writer does). */
  readonly main: (argv: string[]) => Promise<void>;
}

/** The script and its cache, found beside this module (src/cli/bundle.ts writes both). */
export const scriptUrl = new URL('./tparams-script.js', import.meta.url);
export const cacheUrl = new URL('./tparams-script.cache', import.meta.url);

/**
 * The commands with a code cache of their own, made from their own runs alone: V8 deserializes a
 * whole cache at every start, and the bytecode of every other command's printers cost a `memory`
 * or a `derive` some 6-12 M instructions (5 % of a cold run) for functions it never calls. Other
 * command lines (`render`, `--version`, a mistyped command) take `cacheUrl`, made from all runs.
 */
export const commandsWithCaches = ['derive', 'memory', 'flops', 'speed', 'lora'] as const;

/** The cache a command line starts from: its command's own, else the one of every run. */
export function cacheUrlFor(argv: readonly string[]): URL {
  const command = commandsWithCaches.find((name) => name === argv[2]);
  return command ? new URL(`./tparams-script.${command}.cache`, import.meta.url) : cacheUrl;
}

/** The compiled script (kept, so the build can ask it for its cache) and its exports. */
export interface LoadedScript {
  readonly script: vm.Script;
  readonly exports: CliScript;
}

/**
 * Compiles the script with its code cache when there is one, and runs it: its own top level
 * starts the command of `process.argv`.
 */
export function loadCliScript(options: { useCache?: boolean } = {}): LoadedScript {
  const cache = cacheUrlFor(process.argv);
  const script = compileWithCodeCache(scriptUrl, cache, options.useCache !== false);
  // The script is one function expression (bundle.ts's banner and footer): CommonJS's parameters,
  // the URL its modules find their files from (`import.meta.url` in src/), and the `import()` of
  // its dependencies (sirv, cli-progress, @huggingface/gguf), this module's own, which resolves
  // them from the same folder.
  const wrapper = script.runInThisContext() as (
    exports: object,
    require: NodeJS.Require,
    module: { exports: object },
    url: string,
    importModule: (specifier: string) => Promise<unknown>,
  ) => void;
  const module = { exports: {} };
  wrapper(
    module.exports,
    createRequire(scriptUrl),
    module,
    scriptUrl.href,
    (specifier) => import(specifier),
  );
  return { script, exports: module.exports as CliScript };
}
