import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as esbuild from 'esbuild';

/** esbuild's plugins for the CLI's script and its launcher (src/cli/bundle.ts). */

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The CLI loads KaTeX from its code-cached script (cli/katex-script-loader.ts), not node_modules. */
export const katexScriptTwin: esbuild.Plugin = {
  name: 'katex-script',
  setup(build) {
    build.onResolve({ filter: /katex-loader\.js$/ }, (args) =>
      join(args.resolveDir, args.path) === join(root, 'src/render/katex-loader.js')
        ? { path: join(root, 'src/cli/katex-script-loader.ts') }
        : undefined,
    );
  },
};

/**
 * Node's modules that only some commands use, loaded when first used rather than at every start:
 * node:crypto (the Hub cache's sha256, 15 M instructions to load), node:child_process
 * (commander's, for subcommands that are executables, which tparams has none of) and node:v8
 * (KaTeX's loader sets a flag; loading it loads Node's streams, 11 M instructions). Each becomes a
 * module of the same names whose values are read from the real one on first use.
 */
export const lazyBuiltins: esbuild.Plugin = {
  name: 'lazy-builtins',
  setup(build) {
    build.onResolve({ filter: /^node:(crypto|child_process|v8)$/ }, (args) =>
      args.namespace === 'lazy-builtin'
        ? { path: args.path, external: true }
        : { path: args.path, namespace: 'lazy-builtin' },
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, async (args) => {
      const names = Object.keys(await import(args.path)).filter((n) => n !== 'default');
      return {
        loader: 'js',
        contents: `let real; const load = () => (real ??= require(${JSON.stringify(args.path)}));
for (const name of ${JSON.stringify(names)})
  Object.defineProperty(exports, name, { enumerable: true, get: () => load()[name] });`,
      };
    });
  },
};

/**
 * A script of one command (`tparams-script.memory.js`): the registry of commands becomes one that
 * lists that command alone, so the script holds only the modules that command imports. Each
 * command's module is `<name>-command.ts`, exporting `<name>Command` (commands/registry.ts).
 */
export const commandAlone = (command: string): esbuild.Plugin => ({
  name: `command-alone-${command}`,
  setup(build) {
    const registry = join(root, 'src/cli/commands/registry.js');
    build.onResolve({ filter: /registry\.js$/ }, (args) =>
      join(args.resolveDir, args.path) === registry
        ? { path: registry, namespace: 'command-alone' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'command-alone' }, () => ({
      loader: 'ts',
      resolveDir: join(root, 'src/cli/commands'),
      contents: `import { ${command}Command } from './${command}-command.js';
export const commands = { ${command}: ${command}Command };`,
    }));
  },
});
