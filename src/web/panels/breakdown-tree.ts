import type { DocumentData } from '../../documents/document-data.js';
import { append, h, trusted } from '../dom.js';

/** The breakdown rows (depth-first, with depths) as nested lists; the top two levels start open. */
export function breakdownTree(data: DocumentData): HTMLElement {
  const root = h('ul', { class: 'tree' });
  const stack: Array<{ depth: number; list: HTMLElement }> = [{ depth: -1, list: root }];
  data.summary.forEach((row, i) => {
    const hasChildren = (data.summary[i + 1]?.depth ?? -1) > row.depth;
    while (stack.length > 1 && stack[stack.length - 1]!.depth >= row.depth) stack.pop();
    const line = h(
      'span',
      { class: `row depth-${row.depth}` },
      h(
        'span',
        { class: 'name' },
        h('code', {}, row.key),
        row.copies ? trusted(data.math.inline(`\\times ${row.copies.tex}`)) : null,
        row.name !== row.key ? h('span', { class: 'note' }, ` ${row.name}`) : null,
      ),
      h('span', { class: 'formula' }, row.note ? '0' : trusted(data.math.inline(row.formula.tex))),
      h('span', { class: 'num' }, row.total?.text ?? ''),
      h('span', { class: 'num share' }, row.share ?? ''),
    );
    const item = h('li');
    if (hasChildren) {
      const children = h('ul');
      append(item, h('details', { open: row.depth < 2 }, h('summary', {}, line), children));
      stack[stack.length - 1]!.list.appendChild(item);
      stack.push({ depth: row.depth, list: children });
    } else {
      append(item, line);
      stack[stack.length - 1]!.list.appendChild(item);
    }
  });
  const { t } = data;
  // The Count column is as wide as the widest count (the total), so it never overflows its row.
  const widest = Math.max(
    ...data.summary.map((row) => row.total?.text.length ?? 0),
    t.columns.count!.length,
  );
  return h(
    'div',
    { class: 'tree-frame', style: `--count-width: ${widest + 1}ch` },
    h(
      'div',
      { class: 'tree-head row', 'aria-hidden': 'true' },
      h('span', {}, t.columns.component!),
      h('span', {}, t.columns.formula!),
      h('span', { class: 'num' }, t.columns.count!),
      h('span', { class: 'num share' }, t.columns.share!),
    ),
    root,
  );
}
