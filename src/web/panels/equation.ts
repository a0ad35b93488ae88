import type { DocumentData } from '../../documents/document-data.js';
import { copyForms, copyText, type Equation } from '../copy.js';
import { fill, h, trusted } from '../dom.js';

/** What the view needs besides the document's data: the page's words and a place to say things. */
export interface ViewContext {
  readonly words: Record<string, string>;
  announce(message: string): void;
}

/** A derivation as KaTeX sets it, with its copy menu. */
export function derivation(
  source: { alignedTex: string; alignedText: string },
  data: DocumentData,
  context: ViewContext,
): HTMLElement {
  return equation(
    { tex: source.alignedTex, kind: 'derivation', text: source.alignedText },
    data.math.derivation(source.alignedTex),
    context,
  );
}

/** The parts a derivation leaves out because they hold nothing, each with why. */
export function zeros(
  list: DocumentData['sections'][number]['zeros'],
  data: DocumentData,
): HTMLElement[] {
  return list.map((z) =>
    h('p', { class: 'note' }, trusted(data.math.inline(z.tex)), ` — ${z.reason}`),
  );
}

/** A displayed equation with its copy menu: LaTeX, Markdown, MathML, plain text. */
function equation(source: Equation, markup: string, context: ViewContext): HTMLElement {
  return h(
    'div',
    { class: 'equation' },
    trusted(markup, 'div', 'derivation'),
    copyMenu(source, context),
  );
}

/** The copy menu of an equation: a button per form it can be copied in. */
export function copyMenu(source: Equation, context: ViewContext): HTMLElement {
  const { words } = context;
  const forms = copyForms.filter((f) => f.key !== 'text' || source.text !== undefined);
  return h(
    'details',
    { class: 'copy' },
    h('summary', { title: words.copy }, words.copy!),
    h(
      'div',
      { class: 'copy-forms' },
      ...forms.map((form) =>
        h(
          'button',
          {
            type: 'button',
            'data-copy': form.key,
            onclick: async (event: Event) => {
              // (the event's currentTarget is gone once the handler awaits)
              const menu = (event.currentTarget as HTMLElement).closest('details');
              const copied = await copyText(form.make(source) ?? '');
              context.announce(
                copied
                  ? fill(words.copied, { what: words[form.label] ?? form.key })
                  : words.copyFailed!,
              );
              menu?.removeAttribute('open');
              menu?.querySelector('summary')?.focus();
            },
          },
          words[form.label]!,
        ),
      ),
    ),
  );
}
