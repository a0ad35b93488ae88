import { kvEngineNames, kvEngineTitles, type KvEngine } from '../../analysis/kv-engines.js';
import { cacheTypeNames } from '../../requests/defaults.js';
import { figureDtypes } from '../../requests/model-figures.js';
import { h } from '../dom.js';
import { page, type Update } from '../page.js';
import type { PageState } from '../state.js';
import { labelled } from './labelled.js';

/** What the memory and compute figures assume: the weights' type and the context length. */
export function figureFields(w: Record<string, string>, update: Update): HTMLElement {
  const state = page.state;
  return h(
    'fieldset',
    {},
    h('legend', {}, w.figureOptions!),
    labelled(
      'dtype',
      w.dtype!,
      h(
        'select',
        {
          id: 'dtype',
          onchange: (e: Event) =>
            update(
              {
                ...page.state,
                dtype: (e.target as HTMLSelectElement).value as PageState['dtype'],
              },
              { now: true },
            ),
        },
        ...figureDtypes.map((d) => h('option', { value: d, selected: d === state.dtype }, d)),
      ),
    ),
    labelled(
      'kv-dtype',
      w.kvDtype!,
      h(
        'select',
        {
          id: 'kv-dtype',
          onchange: (e: Event) => {
            // The menu reads the cache table's names, so a type added there appears here.
            const value = (e.target as HTMLSelectElement).value as PageState['kvDtype'];
            const { kvDtype: _old, ...rest } = page.state;
            update(value ? { ...rest, kvDtype: value } : rest, { now: true });
          },
        },
        h('option', { value: '', selected: !state.kvDtype }, w.kvSame!),
        ...cacheTypeNames.map((d) => h('option', { value: d, selected: d === state.kvDtype }, d)),
      ),
    ),
    labelled(
      'engine',
      w.engine!,
      h(
        'select',
        {
          id: 'engine',
          onchange: (e: Event) => {
            const value = (e.target as HTMLSelectElement).value as KvEngine;
            const { engine: _old, ...rest } = page.state;
            update(value !== 'transformers' ? { ...rest, engine: value } : rest, { now: true });
          },
        },
        ...kvEngineNames.map((n) =>
          h(
            'option',
            { value: n, selected: n === (state.engine ?? 'transformers') },
            kvEngineTitles[n],
          ),
        ),
      ),
    ),
    labelled(
      'context',
      w.context!,
      h('input', {
        id: 'context',
        type: 'number',
        min: 1,
        step: 1,
        inputmode: 'numeric',
        value: state.context ?? String(page.subject?.report.model?.contextLength ?? ''),
        oninput: (e: Event) => contextChanged((e.target as HTMLInputElement).value, update),
      }),
    ),
  );
}

/** A context typed: kept unless it is empty or the model's own again. */
function contextChanged(text: string, update: Update): void {
  const value = text.trim();
  const modelContext = page.subject?.report.model?.contextLength;
  update({
    ...page.state,
    context: value === '' || value === String(modelContext ?? '') ? undefined : value,
  });
}
