import { createRequire } from 'node:module';
import type vm from 'node:vm';
import { compileWithCodeCache } from './cached-script.js';

/**
 * The `tparams` command is a script (dist/cli/tparams-script.js, written by src/cli/bundle.ts, and
 * one for each of the commands asked most) compiled with V8's code cache beside it (written at
 * build time from runs of those commands): a cold start then deserializes the functions it runs
 * instead of parsing and compiling them, which was a third of a `derive`. A cache made by another
 * Node (or with other V8 flags) is rejected by V8 and the script is compiled as usual: slower,
 * never wrong.
 */

/** What the script exports: src/cli/main.ts. */
export interface CliScript {
  /** This process's command line, running since the script was loaded. */
  readonly run: Promise<void>;
  /** Runs one more command line in the same script (the code-cache writer does). */
  readonly main: (argv: string[]) => Promise<void>;
}

/** The script of every command and its cache, found beside this module (src/cli/bundle.ts writes both). */
export const scriptUrl = new URL('./tparams-script.js', import.meta.url);
export const cacheUrl = new URL('./tparams-script.cache', import.meta.url);

/**
 * The commands asked most, each with a script and a code cache of its own (`tparams-script.memory
 * .js`, `.memory.cache`): the script holds only the modules its command imports, the cache only
 * the bytecode of its own runs. V8 deserializes a whole cache at every start, and the other
 * commands' printers cost a `memory` or a `derive` some 6-12 M instructions (5 % of a cold run);
 * the other commands' modules, another 7 M (their functions' entries in the cache, their
 * modules' top levels). Other command lines (`render`, `--version`, a mistyped command) start
 * from the script of every command and the cache of every run.
 */
export const commandsWithCaches = ['derive', 'memory', 'flops', 'speed', 'lora'] as const;

/** A script and the code cache made for it. */
export interface ScriptFiles {
  readonly script: URL;
  readonly cache: URL;
}

/**
 * The script and cache a command line starts from: its command's own, else every command's. A
 * command line names a file only through the table above, never by its own text.
 */
export function scriptFor(argv: readonly string[]): ScriptFiles {
  const command = commandsWithCaches.find((name) => name === argv[2]);
  return command
    ? {
        script: new URL(`./tparams-script.${command}.js`, import.meta.url),
        cache: new URL(`./tparams-script.${command}.cache`, import.meta.url),
      }
    : { script: scriptUrl, cache: cacheUrl };
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
export function loadCliScript(
  options: { useCache?: boolean; files?: ScriptFiles } = {},
): LoadedScript {
  const { script: scriptFile, cache } = options.files ?? scriptFor(process.argv);
  const script = compileWithCodeCache(scriptFile, cache, options.useCache !== false);
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
    createRequire(scriptFile),
    module,
    scriptFile.href,
    (specifier) => import(specifier),
  );
  return { script, exports: module.exports as CliScript };
}
