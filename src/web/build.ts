import { createHash } from 'node:crypto';
import {
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { woff2Files, woff2Only } from '../documents/katex-fonts.js';
import { seamsPlugin } from './seams.js';

/**
 * Builds the web page into `dist/web/`: static files that work from any static server (or
 * `tparams serve`). esbuild bundles the page with the library's own modules (Node-only ones
 * swapped for their browser twins), splits what a first view does not need (mathjs, the spec
 * schema, the document templates) into chunks loaded on demand, and the service worker gets the
 * list of files to keep for offline use.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const out = join(root, 'dist/web');
const web = join(root, 'src/web');

/** Builds the page into dist/web/ and returns the files it wrote. */
export async function buildWeb(): Promise<{ files: string[] }> {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await esbuild.build({
    // The GGUF reader's worker is an entry of its own, sharing the page's chunks.
    entryPoints: { app: join(web, 'app.ts'), 'gguf-worker': join(web, 'gguf-worker.ts') },
    outdir: out,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome109', 'firefox115', 'safari16'],
    minify: true,
    sourcemap: false,
    chunkNames: 'chunks/[name]-[hash]',
    legalComments: 'none',
    plugins: [seamsPlugin(root)],
    logLevel: 'warning',
  });
  copyKatex();
  copyFileSync(join(web, 'index.html'), join(out, 'index.html'));
  copyFileSync(join(web, 'style.css'), join(out, 'style.css'));
  // The worker keeps every file but itself; the page's address is `./` (with any query).
  const files = listFiles(out).map((f) => relative(out, f).split('\\').join('/'));
  const hash = createHash('sha256');
  for (const f of files) hash.update(f).update(readFileSync(join(out, f)));
  await esbuild.build({
    entryPoints: [join(web, 'sw.ts')],
    outfile: join(out, 'sw.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    minify: true,
    define: {
      BUILD: JSON.stringify({ files: ['./', ...files], hash: hash.digest('hex').slice(0, 16) }),
    },
    logLevel: 'warning',
  });
  return { files: [...files, 'sw.js'] };
}

/** KaTeX's stylesheet with only its woff2 fonts (every browser that runs the page reads them). */
function copyKatex(): void {
  const cssPath = createRequire(import.meta.url).resolve('katex/dist/katex.min.css');
  const css = readFileSync(cssPath, 'utf8');
  mkdirSync(join(out, 'katex/fonts'), { recursive: true });
  writeFileSync(
    join(out, 'katex/katex.css'),
    woff2Only(css, (file) => `fonts/${file}`),
  );
  for (const file of woff2Files(css))
    copyFileSync(join(dirname(cssPath), 'fonts', file), join(out, 'katex/fonts', file));
}

function listFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? listFiles(path) : [path];
    });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { files } = await buildWeb();
  console.log(`web page: ${files.length} files in ${relative(process.cwd(), out) || out}`);
}
