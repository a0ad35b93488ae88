import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * KaTeX at build time: formulas become HTML (or MathML) in the document itself, so it needs no
 * script to display. KaTeX is loaded on first use only, keeping other commands' start-up short.
 */
type Katex = typeof import('katex').default;
const require = createRequire(import.meta.url);
let katex: Katex | undefined;

/** Which markup KaTeX writes: HTML with CSS, MathML only (no CSS needed), or both. */
export type KatexOutput = 'html' | 'mathml' | 'htmlAndMathml';

/** Renders TeX with KaTeX in strict mode: anything KaTeX would only warn about is an error here. */
export function renderKatex(tex: string, options: { displayMode: boolean; output?: KatexOutput }): string {
  katex ??= require('katex') as Katex;
  return katex.renderToString(tex, { displayMode: options.displayMode, output: options.output ?? 'htmlAndMathml', strict: 'error', throwOnError: true });
}

let stylesheet: string | undefined;

/** KaTeX's stylesheet with its WOFF2 fonts inlined as data URLs, so a document opens offline. */
export function katexStylesheet(): string {
  if (stylesheet) return stylesheet;
  const cssPath = require.resolve('katex/dist/katex.min.css');
  const fontsDir = join(dirname(cssPath), 'fonts');
  const css = readFileSync(cssPath, 'utf8');
  // Keep only the woff2 source of each @font-face: every browser that runs KaTeX reads it.
  stylesheet = css.replace(/src:url\(fonts\/([^)]+\.woff2)\) format\("woff2"\)(?:,url\([^)]+\) format\("[^"]+"\))*/g, (_whole, file: string) => {
    const data = readFileSync(join(fontsDir, file)).toString('base64');
    return `src:url(data:font/woff2;base64,${data}) format("woff2")`;
  });
  return stylesheet;
}
