import type { DocumentData } from '../../documents/document-data.js';
import { h } from '../dom.js';
import { derivation, type ViewContext } from './equation.js';

/** Memory, then compute: each figure's name, convention, derivation and value with its unit. */
export function figurePanels(data: DocumentData, context: ViewContext): HTMLElement[] {
  const { t } = data;
  if (!data.figures) return [];
  const panels: HTMLElement[] = [];
  for (const [id, heading, rows] of [
    ['memory', t.headings.memory!, data.figures.memory],
    ['compute', t.headings.compute!, data.figures.compute],
  ] as const) {
    panels.push(h('h2', { id }, heading));
    for (const f of rows) {
      panels.push(
        h(
          'section',
          { class: 'figure', id: `figure-${f.key}` },
          h('h3', {}, f.name),
          h('p', { class: 'note' }, f.convention),
          derivation(f, data, context),
          f.value &&
            h(
              'p',
              {},
              h('strong', {}, `${f.value.text} ${f.unit}`),
              f.human ? ` (${f.human})` : '',
            ),
        ),
      );
    }
  }
  return panels;
}
