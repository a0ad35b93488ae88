import { append, fill, h } from '../dom.js';
import { $, page, words, type Update } from '../page.js';
import { withOverride } from '../state.js';

/** The overrides in force, each with a button that removes it (and one that removes them all). */
export function refreshOverrides(update: Update): void {
  const w = words();
  const state = page.state;
  const list = $('overrides');
  if (!list) return;
  list.replaceChildren(
    ...state.set.map(([field, value]) =>
      h(
        'li',
        {},
        h('code', {}, `${field} = ${value}`),
        h(
          'button',
          {
            type: 'button',
            class: 'remove',
            'aria-label': fill(w.remove, { field }),
            onclick: () =>
              update(withOverride(page.state, field, undefined), { now: true, controls: true }),
          },
          '×',
        ),
      ),
    ),
  );
  if (state.set.length > 1)
    append(
      list,
      h(
        'li',
        {},
        h(
          'button',
          {
            type: 'button',
            id: 'reset',
            onclick: () => update({ ...page.state, set: [] }, { now: true, controls: true }),
          },
          w.reset!,
        ),
      ),
    );
  const link = document.getElementById('permalink') as HTMLAnchorElement | null;
  if (link) link.href = location.href;
}
