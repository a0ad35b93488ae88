import { renderKatex, type KatexOutput } from '../render/katex.js';
import { katexAligned } from '../render/katex-aligned.js';

/** How a format writes math; templates call these, so a template never builds math markup itself. */
export interface MathRenderer {
  /** A displayed formula. */
  display(tex: string): string;
  /** A formula inside running text or a table cell. */
  inline(tex: string): string;
  /** A derivation: lines of an `aligned` body (`P &= … \\ &= …`) set as one display. */
  derivation(alignedBody: string): string;
}

/** Markdown: `$$` display and `$` inline, as GitHub, Obsidian, Typora and Jupyter read them. */
export const markdownMath: MathRenderer = {
  display: (tex) => `$$\n${tex}\n$$`,
  inline: (tex) => `$${tex}$`,
  derivation: (body) => `$$\n\\begin{aligned}\n${body}\n\\end{aligned}\n$$`,
};

/** LaTeX: `\[ … \]`, `$…$`, and derivations in `align*`. */
export const latexMath: MathRenderer = {
  display: (tex) => `\\[\n${tex}\n\\]`,
  inline: (tex) => `$${tex}$`,
  derivation: (body) => `\\begin{align*}\n${body}\n\\end{align*}`,
};

/**
 * HTML: rendered by KaTeX now, into markup (HTML + MathML by default, or MathML alone). A
 * derivation with HTML is set cell by cell (render/katex-aligned.ts); MathML alone keeps KaTeX's
 * own table, which needs no stylesheet to line up.
 */
export function katexMath(output: KatexOutput = 'htmlAndMathml'): MathRenderer {
  return {
    display: (tex) => renderKatex(tex, { displayMode: true, output }),
    inline: (tex) => renderKatex(tex, { displayMode: false, output }),
    derivation: (body) =>
      output === 'mathml'
        ? renderKatex(`\\begin{aligned}\n${body}\n\\end{aligned}`, { displayMode: true, output })
        : katexAligned(body, output),
  };
}
