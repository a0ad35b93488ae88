import type { DocumentData } from '../../documents/document-data.js';
import { h } from '../dom.js';
import { derivation, zeros, type ViewContext } from './equation.js';

/** Each component's derivation after the whole model's (none when there is only the one). */
export function componentPanels(data: DocumentData, context: ViewContext): HTMLElement[] {
  const { t } = data;
  if (data.sections.length <= 1) return [];
  return [
    h('h2', {}, t.headings.components!),
    h('p', { class: 'meta' }, t.phrases.stepsIntro!),
    ...data.sections
      .slice(1)
      .map((s) =>
        h(
          'section',
          {},
          h('h3', {}, `${s.name} `, h('code', {}, s.key)),
          derivation(s, data, context),
          ...zeros(s.zeros, data),
          s.note && h('p', { class: 'note' }, s.note),
        ),
      ),
  ];
}
