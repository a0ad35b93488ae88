import { h } from '../dom.js';

/** A table of text or elements under headings; numeric columns are set right-aligned. */
export function table(
  headings: string[],
  rows: Array<Array<string | Node>>,
  numeric: boolean[],
): HTMLElement {
  return h(
    'div',
    { class: 'table-frame' },
    h(
      'table',
      {},
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...headings.map((x, i) => h('th', { class: numeric[i] ? 'num' : undefined }, x)),
        ),
      ),
      h(
        'tbody',
        {},
        ...rows.map((r) =>
          h(
            'tr',
            {},
            ...r.map((cell, i) => h('td', { class: numeric[i] ? 'num' : undefined }, cell)),
          ),
        ),
      ),
    ),
  );
}
