import type { DocumentData, FigureRow, SizingRows } from '../../documents/document-data.js';
import { h } from '../dom.js';
import { derivation, type ViewContext } from './equation.js';

/** One figure: its name, convention, derivation (with its copy menu) and value or bound. */
function figureSection(f: FigureRow, data: DocumentData, context: ViewContext): HTMLElement {
  return h(
    'section',
    { class: 'figure', id: `figure-${f.key}` },
    h('h3', {}, f.name),
    h('p', { class: 'note' }, f.convention),
    derivation(f, data, context),
    f.value
      ? h('p', {}, h('strong', {}, `${f.value.text} ${f.unit}`), f.human ? ` (${f.human})` : '')
      : f.bound
        ? h('p', {}, h('strong', {}, f.bound))
        : undefined,
  );
}

/** What fits on the GPUs: a two-column table under its convention. */
function fitsSection(fits: NonNullable<SizingRows['fits']>): HTMLElement {
  return h(
    'section',
    { class: 'figure', id: 'figure-fits' },
    h('h3', {}, fits.name),
    h('p', { class: 'note' }, fits.convention),
    h(
      'table',
      { class: 'fits' },
      h(
        'tbody',
        {},
        ...fits.rows.map((r) =>
          h('tr', {}, h('th', { scope: 'row' }, r.name), h('td', {}, r.value)),
        ),
      ),
    ),
  );
}

/**
 * Memory, then compute, then fine-tuning and serving: each figure's name, convention, derivation
 * and value with its unit, as the HTML document shows them.
 */
export function figurePanels(data: DocumentData, context: ViewContext): HTMLElement[] {
  const { t } = data;
  if (!data.figures) return [];
  const sizing = data.sizing;
  const groups: Array<readonly [string, string, FigureRow[]]> = [
    ['memory', t.headings.memory!, data.figures.memory],
    ['compute', t.headings.compute!, data.figures.compute],
    ['fine-tuning', t.headings.fineTuning!, sizing?.fineTuning ?? []],
    ['serving', sizing?.serving ?? '', sizing?.speed ?? []],
  ];
  const panels: HTMLElement[] = [];
  for (const [id, heading, rows] of groups) {
    if (rows.length === 0 && !(id === 'serving' && sizing?.fits)) continue;
    panels.push(h('h2', { id }, heading));
    for (const f of rows) panels.push(figureSection(f, data, context));
  }
  if (sizing?.fits) panels.push(fitsSection(sizing.fits));
  return panels;
}
