import { h } from '../dom.js';
import { page, type Update } from '../page.js';
import { withOverride } from '../state.js';

/** Any other config field: `name` and `value`, as `--set name=value`. */
export function otherField(w: Record<string, string>, update: Update): HTMLElement {
  const name = h('input', {
    id: 'other-field',
    placeholder: w.fieldName,
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-label': `${w.otherField}: ${w.fieldName}`,
  });
  const value = h('input', {
    id: 'other-value',
    placeholder: w.fieldValue,
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-label': `${w.otherField}: ${w.fieldValue}`,
  });
  const set = () => {
    if (!name.value.trim()) return;
    update(withOverride(page.state, name.value.trim(), value.value.trim()), {
      now: true,
      controls: true,
    });
  };
  const enter = (e: Event) => {
    if ((e as KeyboardEvent).key === 'Enter') {
      e.preventDefault();
      set();
    }
  };
  name.addEventListener('keydown', enter);
  value.addEventListener('keydown', enter);
  return h(
    'fieldset',
    { hidden: page.state.spec !== undefined },
    h('legend', {}, w.otherField!),
    h(
      'div',
      { class: 'row' },
      name,
      value,
      h('button', { type: 'button', id: 'other-set', onclick: set }, w.set!),
    ),
  );
}
