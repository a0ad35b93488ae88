import { peftDefaultTargets } from '../../analysis/lora-defaults.js';
import { gpuTable } from '../../hardware/gpu-table.js';
import { defaultFigureLora } from '../../requests/sizing-figures.js';
import { h } from '../dom.js';
import { page, type Update } from '../page.js';
import type { PageState } from '../state.js';
import { labelled } from './labelled.js';

/** A state with one knob set, or cleared when the text is empty. */
function withKnob<K extends 'gpus' | 'loraRank' | 'targetModules'>(
  key: K,
  text: string,
): PageState {
  const value = text.trim();
  const { [key]: _old, ...rest } = page.state;
  return (value === '' ? rest : { ...rest, [key]: value }) as PageState;
}

/** The GPU (a menu of the table, with a count) the roofline and the fits assume. */
function gpuFields(w: Record<string, string>, update: Update): HTMLElement[] {
  const state = page.state;
  return [
    labelled(
      'gpu',
      w.gpu!,
      h(
        'select',
        {
          id: 'gpu',
          onchange: (e: Event) => {
            const name = (e.target as HTMLSelectElement).value;
            const { gpu: _old, ...rest } = page.state;
            update(name ? { ...rest, gpu: name } : rest, { now: true });
          },
        },
        h('option', { value: '', selected: !state.gpu }, w.gpuNone!),
        ...gpuTable.map((g) =>
          h('option', { value: g.name, selected: g.name === state.gpu }, g.name),
        ),
      ),
    ),
    labelled(
      'gpus',
      w.gpus!,
      h('input', {
        id: 'gpus',
        type: 'number',
        min: 1,
        step: 1,
        inputmode: 'numeric',
        placeholder: '1',
        value: state.gpus ?? '',
        oninput: (e: Event) => update(withKnob('gpus', (e.target as HTMLInputElement).value)),
      }),
    ),
  ];
}

/** LoRA's rank and targets; the targets' placeholder is PEFT's default for the model_type. */
function loraFields(w: Record<string, string>, update: Update): HTMLElement[] {
  const state = page.state;
  const modelType = page.subject?.report.model?.modelType ?? '';
  const fallback = peftDefaultTargets[modelType];
  return [
    labelled(
      'lora-rank',
      w.loraRank!,
      h('input', {
        id: 'lora-rank',
        type: 'number',
        min: 1,
        step: 1,
        inputmode: 'numeric',
        placeholder: String(defaultFigureLora.rank),
        value: state.loraRank ?? '',
        oninput: (e: Event) => update(withKnob('loraRank', (e.target as HTMLInputElement).value)),
      }),
    ),
    labelled(
      'target-modules',
      w.targetModules!,
      h('input', {
        id: 'target-modules',
        type: 'text',
        spellcheck: false,
        autocomplete: 'off',
        placeholder: fallback?.kind === 'names' ? fallback.names.join(',') : 'q_proj,v_proj',
        value: state.targetModules ?? '',
        oninput: (e: Event) =>
          update(withKnob('targetModules', (e.target as HTMLInputElement).value)),
      }),
    ),
  ];
}

/** Fine-tuning and serving: LoRA's rank and targets, the GPU and how many. */
export function sizingFields(w: Record<string, string>, update: Update): HTMLElement {
  return h(
    'fieldset',
    {},
    h('legend', {}, w.sizingOptions!),
    ...loraFields(w, update),
    ...gpuFields(w, update),
  );
}
