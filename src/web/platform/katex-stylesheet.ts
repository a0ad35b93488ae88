import { woff2Files, woff2Only } from '../../documents/katex-fonts.js';

let stylesheet: string | undefined;

/**
 * The HTML document a reader downloads opens offline, so its KaTeX fonts are inlined, as the CLI
 * does. The page fetches the stylesheet and fonts it already serves (from the cache once loaded)
 * before it renders a document: call `prepareKatexStylesheet` first.
 */
export async function prepareKatexStylesheet(base: URL): Promise<void> {
  if (stylesheet) return;
  const css = await (await fetch(new URL('katex/katex.css', base))).text();
  const fonts = new Map<string, string>();
  await Promise.all(
    woff2Files(css).map(async (file) => {
      const bytes = new Uint8Array(
        await (await fetch(new URL(`katex/fonts/${file}`, base))).arrayBuffer(),
      );
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000)
        binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      fonts.set(file, `data:font/woff2;base64,${btoa(binary)}`);
    }),
  );
  stylesheet = woff2Only(css, (file) => fonts.get(file) ?? `fonts/${file}`);
}

/** The stylesheet `prepareKatexStylesheet` made. */
export const katexStylesheet: typeof import('../../documents/katex-stylesheet.js').katexStylesheet =
  () => {
    if (!stylesheet) throw new Error('internal: prepareKatexStylesheet() was not awaited');
    return stylesheet;
  };
