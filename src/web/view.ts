import type { DocumentData } from '../documents/document-data.js';
import { append, h, trusted } from './dom.js';
import { approximations } from './panels/approximations-panel.js';
import { breakdownTree } from './panels/breakdown-tree.js';
import { componentPanels } from './panels/components.js';
import { derivation, zeros, type ViewContext } from './panels/equation.js';
import { figurePanels } from './panels/figures-panel.js';
import { countCards, subjectHeader } from './panels/subject.js';
import { table } from './panels/symbol-table-panel.js';

export type { ViewContext };

/**
 * The page's main view: what the CLI's HTML document shows, from the same data (documentData),
 * with a copy menu beside every equation and the breakdown as a tree that folds. One module of
 * panels/ per part.
 */
export function renderView(data: DocumentData, context: ViewContext): DocumentFragment {
  const { t } = data;
  const view = document.createDocumentFragment();
  const math = data.math;
  const overview = data.sections[0]!;
  append(view, subjectHeader(data), countCards(data));
  append(
    view,
    h('h2', { id: 'derivation' }, t.headings.derivation!),
    derivation(overview, data, context),
    ...zeros(overview.zeros, data),
  );
  if (data.chartSvg)
    append(
      view,
      h('h3', {}, t.headings.chart!),
      h('figure', { class: 'chart' }, trusted(data.chartSvg, 'div')),
    );
  if (data.active)
    append(
      view,
      h('h3', {}, t.headings.active!),
      h('p', {}, data.active.sentence),
      derivation(data.active, data, context),
    );
  append(view, h('h2', { id: 'breakdown' }, context.words.breakdown!), breakdownTree(data));
  if (data.roles.length)
    append(
      view,
      h('h3', {}, t.headings.roles!),
      table(
        [t.columns.role!, t.columns.count!, t.columns.share!],
        data.roles.map((r) => [r.name, r.total.text, r.share]),
        [false, true, true],
      ),
    );
  append(
    view,
    h('h2', {}, t.headings.symbols!),
    table(
      [t.columns.symbol!, t.columns.meaning!, t.columns.field!, t.columns.value!],
      data.symbols.map((s) => [
        trusted(math.inline(s.tex)),
        s.meaning,
        h('code', {}, s.field),
        s.value ? s.value.text : t.phrases.symbolic!,
      ]),
      [false, false, false, true],
    ),
  );
  append(view, ...componentPanels(data, context));
  if (data.approximations.length)
    append(view, h('h2', {}, t.headings.approximations!), approximations(data));
  append(view, ...figurePanels(data, context));
  return view;
}
