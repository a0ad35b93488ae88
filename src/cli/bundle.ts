import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

/**
 * The `tparams` command as one bundle (dist/cli/main.js, over tsc's per-module output): Node
 * resolving, reading and linking some 60 small ES modules was most of a cold start. What a command
 * loads only when needed (the model families, documents, the Hub, checkpoints) stays a separate
 * chunk beside it, in the same folder, so the paths modules find files by (`../../templates/`)
 * hold; dependencies stay in node_modules, and the heavy ones (KaTeX, mathjs, eta) load on first use.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const outdir = join(root, 'dist/cli');

export async function bundleCli(): Promise<void> {
  // Chunks sit beside main.js (not in a subfolder: their `import.meta.url` paths count folders up).
  for (const stale of readdirSync(outdir).filter((f) => f.startsWith('chunk-')))
    rmSync(join(outdir, stale));
  await esbuild.build({
    // A note's helper threads (`tparams render`) start from their own entry, sharing the chunks.
    entryPoints: {
      main: join(root, 'src/cli/main.ts'),
      'block-thread': join(root, 'src/cli/blocks/block-thread.ts'),
    },
    outdir,
    bundle: true,
    splitting: true,
    chunkNames: 'chunk-[name]-[hash]',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Small dependencies are bundled in; the large ones stay in node_modules and load on first use.
    external: [
      'katex',
      'mathjs',
      'eta',
      'sirv',
      '@huggingface/gguf',
      'cli-progress',
      'playwright-core',
    ],
    // Less to parse at every start. An internal error's stack points into the bundle; the source
    // map beside it turns it back into src/ lines under NODE_OPTIONS=--enable-source-maps.
    minify: true,
    sourcemap: 'linked',
    sourcesContent: false,
    // Bundled CommonJS (commander) requires Node's built-ins; an ES module has no `require` of its own.
    banner: {
      js: "import { createRequire as __tparamsRequire } from 'node:module'; const require = __tparamsRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await bundleCli();
