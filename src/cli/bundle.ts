import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { commandsWithCaches } from './bundle-loader.js';
import { commandAlone, katexScriptTwin, lazyBuiltins } from './bundle-plugins.js';

/**
 * The `tparams` command as one script and its V8 code cache, over tsc's per-module output:
 * - dist/cli/tparams-script.js: every module of the CLI in one function expression (CommonJS's
 *   parameters and the URL the modules find their files from), loaded by node:vm: Node resolving,
 *   reading and linking some 60 ES modules, and then V8 compiling them, were most of a cold start;
 *   and tparams-script.memory.js (derive, flops, …): the same with only one command's modules;
 * - dist/cli/tparams-script.cache (.memory.cache, …): V8's code cache of each after runs of the
 *   common commands, so a start deserializes the bytecode of what it runs instead of compiling it;
 * - dist/cli/tparams.cjs: the executable (package.json's `bin`), which only loads those two
 *   (src/cli/bundle-loader.ts), and dist/cli/main.js, the same as an ES module for those who run
 *   that path.
 * The script sits in dist/cli/, where main.js was, so the paths modules find files by
 * (`../../templates/`) hold; dependencies stay in node_modules, and the heavy ones (KaTeX, mathjs,
 * eta) load on first use.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const outdir = join(root, 'dist/cli');

/** The command lines the code cache is made from: the questions asked most. */
const cacheRuns = (scratch: string): string[][] => [
  ['derive', 'llama-2-7b', '--format', 'json'],
  ['derive', 'gpt2'],
  ['derive', 'attention', '--set', 'd_model=512'],
  ['derive', 'deepseek-v3', '--format', 'html', '-o', join(scratch, 'deepseek-v3.html')],
  ['derive', 'gpt2', '--format', 'md', '--lang', 'zh'],
  ['derive', 'bert-base-uncased', '--format', 'tex'],
  ['memory', 'gpt-oss-20b', '--dtype', 'fp16', '--context', '8192', '--format', 'json'],
  ['memory', 'llama-2-7b', '--dtype', 'int4', '--context', '4096', '--gpu', 'h100'],
  ['flops', 'llama-2-7b', '--context', '4096'],
  ['speed', 'llama-2-7b', '--gpu', 'h100'],
  ['lora', 'llama-2-7b', '--rank', '16'],
  // Not `render`: a note's own paths (a helper thread's too) made the cache 130 KB larger, some
  // 8 M instructions at every start, and saved no measurable work in a render of 50 blocks.
];

/** Small dependencies are bundled in; the large ones stay in node_modules and load on first use. */
const dependencies = [
  'katex',
  'mathjs',
  'eta',
  'sirv',
  '@huggingface/gguf',
  'cli-progress',
  'playwright-core',
];

export async function bundleCli(): Promise<void> {
  // What earlier builds left: the split chunks of the ES-module bundle this replaced.
  for (const stale of readdirSync(outdir).filter((f) => f.startsWith('chunk-')))
    rmSync(join(outdir, stale));
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    // Less to read at every start. An internal error's stack points into the script; the source
    // map beside it turns it back into src/ lines under NODE_OPTIONS=--enable-source-maps.
    // TPARAMS_READABLE=1 keeps names and lines, for a CPU profile (`node --cpu-prof`) to read.
    minify: process.env.TPARAMS_READABLE !== '1',
    charset: 'ascii',
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'warning',
  } as const;
  const script = {
    ...common,
    entryPoints: [join(root, 'src/cli/main.ts')],
    format: 'cjs' as const,
    external: dependencies,
    define: { 'import.meta.url': '__tparamsUrl' },
    // One function expression, run by src/cli/bundle-loader.ts (not a module of its own).
    banner: { js: '(function (exports, require, module, __tparamsUrl, __tparamsImport) {' },
    footer: { js: '})' },
  } satisfies esbuild.BuildOptions;
  // The script of every command, and one for each command asked most with only what it imports.
  const scripts = [
    { file: 'tparams-script.js', plugins: [] },
    ...commandsWithCaches.map((command) => ({
      file: `tparams-script.${command}.js`,
      plugins: [commandAlone(command)],
    })),
  ];
  await Promise.all(
    scripts.map(async ({ file, plugins }) => {
      await esbuild.build({
        ...script,
        outfile: join(outdir, file),
        plugins: [...plugins, lazyBuiltins, katexScriptTwin],
      });
      finishScript(join(outdir, file));
    }),
  );
  await bundleLaunchers();
  await bundleKatex(common);
  // A note's helper threads (`tparams render`) start where render-blocks.ts looks for them
  // (`./block-thread.cjs` from the script's URL): the executable itself, so they run the same
  // script from the same code cache, whose entry (main.ts) serves blocks in a thread.
  rmSync(join(outdir, 'block-thread.js'), { force: true });
  copyFileSync(join(outdir, 'tparams.cjs'), join(outdir, 'block-thread.cjs'));
  writeCodeCacheOf(outdir);
}

/**
 * The executable as CommonJS, and the same as an ES module at the path it had before. Node starts
 * a `.cjs` file without its ES-module loader: a `.js` entry first has its package.json read for
 * its `type`, and is then resolved, linked and evaluated as a module graph, 25 M instructions
 * (a twentieth of bare Node's start) that the CommonJS entry does not spend.
 */
async function bundleLaunchers(): Promise<void> {
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    minify: true,
    logLevel: 'warning',
    entryPoints: [join(root, 'src/cli/launch.ts')],
  } satisfies esbuild.BuildOptions;
  await esbuild.build({
    ...common,
    outfile: join(outdir, 'tparams.cjs'),
    format: 'cjs',
    // bundle-loader.ts finds the script beside itself by import.meta.url, which CommonJS spells
    // through __filename.
    define: { 'import.meta.url': '__launcherUrl' },
    banner: {
      js: 'var __launcherUrl = require("node:url").pathToFileURL(__filename).href;',
    },
  });
  await esbuild.build({ ...common, outfile: join(outdir, 'main.js'), format: 'esm' });
}

/**
 * KaTeX as a script of its own, dist/cli/katex-script.js, one function expression of CommonJS's
 * parameters that src/cli/katex-script-loader.ts compiles with its code cache (written with the
 * CLI's, from the same runs): only the commands that typeset load it.
 */
async function bundleKatex(common: esbuild.BuildOptions): Promise<void> {
  const file = join(outdir, 'katex-script.js');
  await esbuild.build({
    ...common,
    entryPoints: [createRequire(import.meta.url).resolve('katex')],
    outfile: file,
    format: 'cjs',
    sourcemap: false,
    banner: { js: '(function (exports, require, module) {' },
    footer: { js: '})' },
  });
  writeFileSync(file, asciiOnly(file, readFileSync(file, 'utf8')));
}

/**
 * The script's text as the loader needs it: ASCII (below), and its `import()`s of dependencies
 * (sirv, cli-progress, @huggingface/gguf, node:http) made calls of the loader's own `import`: a
 * script compiled from a code cache loses Node's dynamic-import callback (ERR_VM_DYNAMIC_IMPORT_
 * CALLBACK_MISSING), and its replacement is flagged experimental with a warning on stderr.
 */
function finishScript(file: string): void {
  const text = readFileSync(file, 'utf8').replace(/(?<![\w$.])import\("/g, '__tparamsImport("');
  const left = /(?<![\w$.])import\(/.exec(text);
  if (left) throw new Error(`${file}: an import() of no string literal at ${left.index}`);
  writeFileSync(file, asciiOnly(file, text));
}

/**
 * The loader reads the script as Latin-1, which skips UTF-8 decoding and is right only for ASCII.
 * esbuild escapes every string and name (`charset: 'ascii'`) but leaves regular expression
 * literals as written (ours in render/escape.ts, markdown-it's): there each other character
 * becomes its `\uXXXX` escape, which a pattern reads as the same character, with or without the
 * `u` flag (an astral one as its surrogate pair). (Columns after it on that line shift by a few in
 * the source map.)
 */
function asciiOnly(file: string, text: string): string {
  let escaped = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) continue;
    // After a backslash the escape would change meaning (`\·` would become `\\u00b7`).
    if (text[i - 1] === '\\') throw new Error(`${file}: an escaped non-ASCII character at ${i}`);
    escaped += `${text.slice(from, i)}\\u${unit.toString(16).padStart(4, '0')}`;
    from = i + 1;
  }
  return escaped + text.slice(from);
}

/**
 * Writes the script's code caches, each from a process of its own (src/cli/code-cache.ts): the
 * cache of every run, and one for each command with a cache of its own, from its runs alone
 * (bundle-loader.ts's `commandsWithCaches`).
 */
function writeCodeCacheOf(folder: string): void {
  const scratch = mkdtempSync(join(tmpdir(), 'tparams-code-cache-'));
  try {
    const runs = cacheRuns(scratch);
    writeCacheFrom(folder, runs, 'tparams-script', true);
    for (const command of commandsWithCaches) {
      const own = runs.filter(([name]) => name === command);
      if (own.length === 0) throw new Error(`no code-cache run of \`${command}\` in cacheRuns`);
      writeCacheFrom(folder, own, `tparams-script.${command}`, false);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Writes `name`.cache, the code cache of `name`.js after `runs`. */
function writeCacheFrom(folder: string, runs: string[][], name: string, katex: boolean): void {
  const writer = new URL(`file://${join(folder, 'code-cache.js')}`).href;
  const url = (file: string) =>
    `new URL(${JSON.stringify(new URL(`file://${join(folder, file)}`).href)})`;
  const program = `const { writeCodeCache } = await import(${JSON.stringify(writer)}); await writeCodeCache(${JSON.stringify(runs)}, { script: ${url(`${name}.js`)}, cache: ${url(`${name}.cache`)}, katex: ${katex} });`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', program], {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    // No V8 flags and no loaders: the cache is valid only under the flags of the runs it serves.
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  if (run.status !== 0) throw new Error(`the CLI's code cache (${name}.cache): ${run.stderr}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await bundleCli();
