import { families } from '../../models/families/registry.js';
import { presetsByFamily } from '../../models/presets.js';
import { h } from '../dom.js';
import { page, type Update } from '../page.js';
import type { PageState } from '../state.js';
import { labelled } from './labelled.js';
import { checkpointLine } from './checkpoint-line.js';
import { readFiles, usePasted } from './pasted.js';

/** A model named afresh: no pasted file, overrides, class or context carried over. */
const modelNamed = (model: string): PageState => ({
  ...page.state,
  model,
  config: undefined,
  spec: undefined,
  set: [],
  className: undefined,
  context: undefined,
  checkpoint: undefined,
});

/** The model: a preset or Hub id (with the presets to pick from), its class, or a pasted file. */
export function modelFieldset(
  w: Record<string, string>,
  update: Update,
): { fieldset: HTMLElement; modelInput: HTMLInputElement } {
  const state = page.state;
  const presetOptions = h(
    'datalist',
    { id: 'preset-list' },
    ...presetsByFamily(families).map((p) => h('option', { value: p.name }, p.repository)),
  );
  const modelInput = h('input', {
    id: 'model',
    name: 'model',
    list: 'preset-list',
    autocomplete: 'off',
    spellcheck: 'false',
    value: (state.config ?? state.spec) ? '' : state.model,
    placeholder: w.modelHint,
    'aria-describedby': 'model-hint',
  });
  const fieldset = h(
    'fieldset',
    {},
    h('legend', {}, w.model!),
    h('div', { class: 'row' }, modelInput, h('button', { type: 'submit', id: 'show' }, w.show!)),
    h('p', { class: 'hint', id: 'model-hint' }, w.modelHint!),
    presetOptions,
    classPicker(w, update),
    state.checkpoint
      ? checkpointLine(w, state.checkpoint, backButton(w, update), update)
      : state.config !== undefined || state.spec !== undefined
        ? h('p', { class: 'hint' }, w.pasted!, ' ', backButton(w, update))
        : null,
    pasteBox(w, update),
  );
  return { fieldset, modelInput };
}

/** Shows the model the reader typed (the form's submit). */
export function submitModel(modelInput: HTMLInputElement, update: Update): void {
  const model = modelInput.value.trim();
  if (model) update(modelNamed(model), { now: true, controls: true });
}

/** Back to the model named in the field, leaving a pasted or dropped file. */
function backButton(w: Record<string, string>, update: Update): HTMLElement {
  return h(
    'button',
    {
      type: 'button',
      id: 'back',
      onclick: () => update(modelNamed(page.state.model), { now: true, controls: true }),
    },
    w.backToModel!,
  );
}

/** A config.json or spec pasted as text or opened as a file. */
function pasteBox(w: Record<string, string>, update: Update): HTMLElement {
  const pasteArea = h('textarea', {
    id: 'paste',
    rows: 6,
    spellcheck: 'false',
    placeholder: w.pastePlaceholder,
  });
  const fileInput = h('input', {
    id: 'file',
    type: 'file',
    accept: '.json,application/json',
    class: 'visually-hidden',
    onchange: () => void readFiles(fileInput.files ?? undefined, update),
  });
  // A checkpoint (one file, its shards, or a GGUF file) and its config.json: only headers are read.
  const checkpointInput = h('input', {
    id: 'checkpoint-file',
    type: 'file',
    multiple: true,
    accept: '.safetensors,.gguf,.json',
    class: 'visually-hidden',
    onchange: () => void readFiles(checkpointInput.files ?? undefined, update),
  });
  return h(
    'details',
    { id: 'paste-box' },
    h('summary', {}, w.paste!),
    pasteArea,
    h(
      'div',
      { class: 'row wrap' },
      h(
        'button',
        { type: 'button', id: 'use', onclick: () => usePasted(pasteArea.value, update) },
        w.use!,
      ),
      h('label', { class: 'button', for: 'file' }, w.openFile!),
      fileInput,
      h('label', { class: 'button', for: 'checkpoint-file' }, w.openCheckpoint!),
      checkpointInput,
    ),
    h('p', { class: 'hint' }, w.checkpointHint!),
  );
}

/** The transformers class to count, when the family has more than one (`--class`). */
function classPicker(w: Record<string, string>, update: Update): HTMLElement | null {
  const subject = page.subject;
  const classes = subject?.classes ?? [];
  const current = subject?.report.model?.className;
  if (classes.length < 2 || !current) return null;
  const choose = (e: Event) => {
    const chosen = (e.target as HTMLSelectElement).value;
    update(
      { ...page.state, className: chosen === firstArchitecture() ? undefined : chosen },
      { now: true },
    );
  };
  return labelled(
    'class',
    w.className!,
    h(
      'select',
      { id: 'class', onchange: choose },
      ...classes.map((c) => h('option', { value: c, selected: c === current }, c)),
    ),
  );
}

/** The class the config itself names (its `architectures[0]`), which the link need not repeat. */
function firstArchitecture(): string | undefined {
  const subject = page.subject;
  const list = subject?.config?.architectures;
  return Array.isArray(list) && typeof list[0] === 'string' ? list[0] : subject?.classes?.[0];
}
