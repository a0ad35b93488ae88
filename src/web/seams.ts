import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import type { Plugin } from 'esbuild';

/**
 * The few modules of the library that touch Node (the file system, `require`) have a twin for the
 * browser, with the same exports. The web build swaps each for its twin, so the page runs the very
 * code the CLI runs; esbuild fails the build if any other `node:` import reaches the page.
 */
export const seams: Readonly<Record<string, string>> = {
  'src/models/preset-files.ts': 'src/web/platform/preset-files.ts',
  'src/i18n/locale-files.ts': 'src/web/platform/locale-files.ts',
  'src/documents/package-version.ts': 'src/web/platform/package-version.ts',
  'src/render/katex-loader.ts': 'src/web/platform/katex-loader.ts',
  'src/documents/katex-stylesheet.ts': 'src/web/platform/katex-stylesheet.ts',
  'src/documents/template-engine.ts': 'src/web/platform/template-engine.ts',
  'src/expr/mathjs-loader.ts': 'src/web/platform/mathjs-loader.ts',
};

/**
 * Packages whose browser build the page takes, by its path beside the package's main file. Their
 * package.json names it in its `browser` field, which esbuild does not apply to a path resolved
 * through `exports`: @huggingface/gguf's Node build imports node:fs for local files, its browser
 * build does not (the page reads a dropped file through the library's `fetch` option instead).
 */
const browserBuilds: Readonly<Record<string, string>> = {
  '@huggingface/gguf': 'browser/index.mjs',
};

/** The data the twins import (`tparams:presets`, …), read from the same files the Node side reads. */
function bundledData(root: string): Record<string, () => unknown> {
  const json = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));
  const filesUnder = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
    );
  const presetsDir = join(root, 'src/models/presets');
  const templatesDir = join(root, 'templates');
  return {
    presets: () =>
      readdirSync(presetsDir)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => ({ path: `presets/${f}`, data: json(join(presetsDir, f)) })),
    locales: () =>
      Object.fromEntries(
        ['en', 'zh'].map((lang) => [lang, json(join(templatesDir, 'locales', `${lang}.json`))]),
      ),
    templates: () =>
      Object.fromEntries(
        filesUnder(templatesDir)
          .filter((f) => f.endsWith('.eta'))
          .map((f) => [relative(templatesDir, f), readFileSync(f, 'utf8')]),
      ),
    version: () => (json(join(root, 'package.json')) as { version: string }).version,
  };
}

/** The esbuild plugin: twins in place of the Node modules, and the `tparams:` data modules. */
export function seamsPlugin(root: string): Plugin {
  const data = bundledData(root);
  return {
    name: 'tparams-seams',
    setup(build) {
      build.onResolve({ filter: /^tparams:/ }, (args) => ({
        path: args.path.slice('tparams:'.length),
        namespace: 'tparams-data',
      }));
      build.onLoad({ filter: /.*/, namespace: 'tparams-data' }, (args) => {
        const make = data[args.path];
        if (!make) return { errors: [{ text: `no bundled data 'tparams:${args.path}'` }] };
        return { contents: JSON.stringify(make()), loader: 'json' };
      });
      const resolve = createRequire(import.meta.url).resolve;
      build.onResolve({ filter: /^(@[\w.-]+\/)?[\w.-]+$/ }, (args) => {
        const file = browserBuilds[args.path];
        return file ? { path: join(dirname(resolve(args.path)), file) } : undefined;
      });
      // Relative imports are written with `.js`; the sources are `.ts`.
      build.onResolve({ filter: /\.js$/ }, (args) => {
        if (!args.path.startsWith('.')) return undefined;
        const source = relative(root, join(args.resolveDir, args.path)).replace(/\.js$/, '.ts');
        const twin = seams[source];
        return twin ? { path: join(root, twin) } : undefined;
      });
    },
  };
}
