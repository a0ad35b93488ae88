import { renderKatex } from '../render/katex.js';

/** An equation as the page offers it for copying: its TeX, and its plain text when it has one. */
export interface Equation {
  /** TeX: an `aligned` body for a derivation, else a formula. */
  readonly tex: string;
  readonly kind: 'derivation' | 'formula';
  readonly text?: string;
}

/** The forms a reader can copy, each made from the equation; a table, so a new form is a row. */
export const copyForms: ReadonlyArray<{
  key: 'latex' | 'markdown' | 'mathml' | 'text';
  label: string;
  make(e: Equation): string | undefined;
}> = [
  { key: 'latex', label: 'copyLatex', make: (e) => displayTex(e) },
  { key: 'markdown', label: 'copyMarkdown', make: (e) => `$$\n${displayTex(e)}\n$$` },
  {
    key: 'mathml',
    label: 'copyMathml',
    make: (e) =>
      renderKatex(displayTex(e), { displayMode: true, output: 'mathml' }).replace(
        /^<span class="katex">|<\/span>$/g,
        '',
      ),
  },
  { key: 'text', label: 'copyText', make: (e) => e.text },
];

function displayTex(e: Equation): string {
  return e.kind === 'derivation' ? `\\begin{aligned}\n${e.tex}\n\\end{aligned}` : e.tex;
}

/** Writes to the clipboard; false when the browser refuses (no permission, not a secure context). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
