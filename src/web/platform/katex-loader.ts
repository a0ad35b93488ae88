import katex from 'katex';

/** The web page bundles KaTeX: every view shows math. */
export const loadKatex: typeof import('../../render/katex-loader.js').loadKatex = () => katex;
