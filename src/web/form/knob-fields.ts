import { append, h } from '../dom.js';
import { boundKnobs, type BoundKnob } from '../knobs.js';
import { page, type Update } from '../page.js';
import { withOverride } from '../state.js';

/** The sizes people change most, each bound to the field this model writes it under. */
export function knobFields(w: Record<string, string>, update: Update): HTMLElement {
  const subject = page.subject;
  const bound: BoundKnob[] = subject?.config ? boundKnobs(subject.config, subject.defaults) : [];
  const fieldset = h(
    'fieldset',
    { id: 'knobs', hidden: bound.length === 0 },
    h('legend', {}, w.fields!),
  );
  for (const { knob, field, value } of bound) {
    const id = `knob-${knob.key}`;
    const override = page.state.set.find(([f]) => f === field)?.[1];
    if (knob.kind === 'flag') {
      const checked = override !== undefined ? override === 'true' : value === true;
      append(
        fieldset,
        h(
          'div',
          { class: 'field flag' },
          h('input', {
            id,
            type: 'checkbox',
            'data-field': field,
            checked,
            onchange: (e: Event) =>
              update(
                withOverride(page.state, field, String((e.target as HTMLInputElement).checked)),
                { now: true },
              ),
          }),
          h('label', { for: id }, w[knob.key]!, ' ', h('code', {}, field)),
        ),
      );
    } else {
      append(
        fieldset,
        h(
          'div',
          { class: 'field' },
          h('label', { for: id }, w[knob.key]!, ' ', h('code', {}, field)),
          h('input', {
            id,
            type: 'number',
            min: 1,
            step: 1,
            inputmode: 'numeric',
            'data-field': field,
            value: override ?? String(value ?? ''),
            oninput: (e: Event) =>
              sizeChanged(field, (e.target as HTMLInputElement).value, value, update),
          }),
        ),
      );
    }
  }
  return fieldset;
}

/** A size typed: an override, unless it is empty or the config's own value again. */
function sizeChanged(field: string, text: string, original: unknown, update: Update): void {
  const value = text.trim();
  update(
    withOverride(page.state, field, value === '' || value === String(original) ? undefined : value),
  );
}
