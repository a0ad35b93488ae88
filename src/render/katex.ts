import { flattened } from './flat-string.js';
import { loadKatex } from './katex-loader.js';

/**
 * KaTeX at build time: formulas become HTML (or MathML) in the document itself, so it needs no
 * script to display.
 */

/** Which markup KaTeX writes: HTML with CSS, MathML only (no CSS needed), or both. */
export type KatexOutput = 'html' | 'mathml' | 'htmlAndMathml';

/**
 * Formulas already set, by their TeX: a model's symbolic steps and tables do not change when a size
 * does, so a document made again (the web page, at every keystroke) sets only what did change.
 * Bounded by the markup it holds (DeepSeek-V3's whole document is about 1.5 MB): emptied when full.
 */
const typeset = new Map<string, string>();
const typesetLimit = 16_000_000;
let typesetSize = 0;

/** Renders TeX with KaTeX in strict mode: anything KaTeX would only warn about is an error here. */
export function renderKatex(
  tex: string,
  options: { displayMode: boolean; output?: KatexOutput },
): string {
  const output = options.output ?? 'htmlAndMathml';
  const key = `${options.displayMode ? 'D' : 'I'}${output}\n${tex}`;
  const known = typeset.get(key);
  if (known !== undefined) return known;
  const markup = flattened(
    loadKatex().renderToString(tex, {
      displayMode: options.displayMode,
      output,
      strict: 'error',
      throwOnError: true,
    }),
  );
  if (typesetSize + markup.length > typesetLimit) {
    typeset.clear();
    typesetSize = 0;
  }
  typeset.set(key, markup);
  typesetSize += markup.length;
  return markup;
}
