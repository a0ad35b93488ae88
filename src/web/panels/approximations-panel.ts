import type { DocumentData } from '../../documents/document-data.js';
import { h, trusted } from '../dom.js';

/**
 * The approximations: each one's estimate and error in a row, and why it differs in a row of its
 * own beneath, as wide as the table (a fourth column of sentences left the why a word wide at 1000 px).
 */
export function approximations(data: DocumentData): HTMLElement {
  const { t } = data;
  const headings = [t.columns.approximation!, t.columns.estimate!, t.columns.error!];
  const rows = data.approximations.flatMap((a) => [
    h(
      'tr',
      { class: 'approximation' },
      h('td', {}, h('strong', {}, a.name), h('br'), trusted(data.math.inline(a.tex))),
      h('td', { class: 'num' }, a.applies ? a.value!.text : '—'),
      h(
        'td',
        { class: 'num' },
        a.applies
          ? h('span', {}, a.error!, h('br'), h('span', { class: 'note' }, a.errorPercent!))
          : '—',
      ),
    ),
    h(
      'tr',
      { class: 'why' },
      h(
        'td',
        { colspan: 3 },
        h('span', { class: 'note' }, `${t.columns.why!}: `),
        a.applies
          ? h(
              'ul',
              { class: 'reasons' },
              ...a.reasons.map((r) => h('li', {}, `${r.text}: ${r.difference}`)),
            )
          : `${t.phrases.doesNotApply}: ${a.why}`,
      ),
    ),
  ]);
  return h(
    'div',
    { class: 'table-frame' },
    h(
      'table',
      {},
      h(
        'thead',
        {},
        h('tr', {}, ...headings.map((x, i) => h('th', { class: i > 0 ? 'num' : undefined }, x))),
      ),
      h('tbody', {}, ...rows),
    ),
  );
}
