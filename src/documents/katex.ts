import { loadKatex } from './katex-loader.js';

/**
 * KaTeX at build time: formulas become HTML (or MathML) in the document itself, so it needs no
 * script to display.
 */

/** Which markup KaTeX writes: HTML with CSS, MathML only (no CSS needed), or both. */
export type KatexOutput = 'html' | 'mathml' | 'htmlAndMathml';

/** Renders TeX with KaTeX in strict mode: anything KaTeX would only warn about is an error here. */
export function renderKatex(tex: string, options: { displayMode: boolean; output?: KatexOutput }): string {
  return loadKatex().renderToString(tex, { displayMode: options.displayMode, output: options.output ?? 'htmlAndMathml', strict: 'error', throwOnError: true });
}

export { katexStylesheet } from './katex-stylesheet.js';
