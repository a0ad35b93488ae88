import type { DocumentData } from '../../documents/document-data.js';
import { h } from '../dom.js';

/** The title and where the model comes from. */
export function subjectHeader(data: DocumentData): HTMLElement {
  return h(
    'header',
    { class: 'subject' },
    h('h1', { id: 'title' }, data.title),
    data.phrases.source && h('p', { class: 'meta' }, data.phrases.source),
    data.phrases.class && h('p', { class: 'meta' }, data.phrases.class),
    h('p', { class: 'meta' }, data.t.phrases.definition!),
  );
}

/** The total, non-embedding and (for MoE) active counts, as cards (none without a total). */
export function countCards(data: DocumentData): HTMLElement | undefined {
  const { t } = data;
  if (!data.total) return undefined;
  return h(
    'div',
    { class: 'cards' },
    card(t.headings.total!, data.total.text, 'total'),
    data.nonEmbedding &&
      card(
        t.headings.nonEmbedding!,
        data.nonEmbedding.text,
        'non-embedding',
        data.nonEmbedding.share,
      ),
    data.active &&
      card(
        t.headings.activeCard!,
        data.active.text,
        'active',
        data.active.excludingEmbedding
          ? `− E_tok: ${data.active.excludingEmbedding.text}`
          : undefined,
      ),
  );
}

function card(label: string, value: string, id: string, note?: string): HTMLElement {
  return h(
    'div',
    { class: 'card' },
    h('div', { class: 'label' }, label),
    h('div', { class: 'value', id }, value),
    note && h('div', { class: 'label' }, note),
  );
}
