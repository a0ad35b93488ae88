import { packageVersion } from '../../documents/package-version.js';
import { fill, h } from '../dom.js';
import { $, page, words, type Update } from '../page.js';
import { documentFields } from './document-fields.js';
import { figureFields } from './figure-fields.js';
import { knobFields } from './knob-fields.js';
import { modelFieldset, submitModel } from './model-fieldset.js';
import { otherField } from './other-field.js';
import { refreshOverrides } from './overrides.js';
import { settingsFields } from './page-settings.js';
import { sizingFields } from './sizing-fields.js';

/** The form, in the state's language, bound to the current model's fields. */
export function renderControls(update: Update): void {
  const w = words();
  document.documentElement.lang = page.state.lang === 'zh' ? 'zh-CN' : 'en';
  $('tagline').textContent = w.tagline!;
  $('skip').textContent = w.skip!;
  $('footer').textContent = fill(w.footer, { version: packageVersion() });
  $('settings').replaceChildren(...settingsFields(w, update));
  const form = $('controls');
  const optionsOpen =
    (document.getElementById('options') as HTMLDetailsElement | null)?.open ??
    !matchMedia('(max-width: 760px)').matches;
  const { fieldset, modelInput } = modelFieldset(w, update);
  form.replaceChildren(
    fieldset,
    h(
      'details',
      { id: 'options', open: optionsOpen },
      // On a phone the derivation comes first; the sizes and options fold under one line.
      h('summary', {}, w.options!),
      knobFields(w, update),
      otherField(w, update),
      h('ul', { id: 'overrides', 'aria-label': w.overrides }),
      figureFields(w, update),
      sizingFields(w, update),
      documentFields(w),
    ),
  );
  form.onsubmit = (event) => {
    event.preventDefault();
    submitModel(modelInput, update);
  };
  refreshOverrides(update);
}
