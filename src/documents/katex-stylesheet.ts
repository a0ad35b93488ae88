import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { woff2Only } from './katex-fonts.js';

const require = createRequire(import.meta.url);
let stylesheet: string | undefined;

/**
 * KaTeX's stylesheet with its WOFF2 fonts inlined as data URLs, so a document opens offline. Read
 * from the katex package on Node; the web page has its own (src/web/platform/katex-stylesheet.ts).
 */
export function katexStylesheet(): string {
  if (stylesheet) return stylesheet;
  const cssPath = require.resolve('katex/dist/katex.min.css');
  const fontsDir = join(dirname(cssPath), 'fonts');
  stylesheet = woff2Only(
    readFileSync(cssPath, 'utf8'),
    (file) => `data:font/woff2;base64,${readFileSync(join(fontsDir, file)).toString('base64')}`,
  );
  return stylesheet;
}
