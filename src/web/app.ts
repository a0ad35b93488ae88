import { figureDtypes } from '../analysis/model-figures.js';
import { documentData } from '../documents/document-data.js';
import { katexMath } from '../documents/math-renderers.js';
import { documentFormats, type DocumentFormat } from '../documents/formats/registry.js';
import { loadLocale, type Locale } from '../i18n/locale.js';
import { parseJson } from '../json/parse-json.js';
import { families } from '../models/families/registry.js';
import { presetsByFamily } from '../models/presets.js';
import { packageVersion } from '../documents/package-version.js';
import { append, fill, h } from './dom.js';
import { boundKnobs, type BoundKnob } from './knobs.js';
import { subjectOf, type Subject } from './model-source.js';
import { stateFromQuery, stateToQuery, withOverride, type PageState } from './state.js';
import { renderView } from './view.js';

/**
 * The page: one state (kept in the URL), a form that edits it, and a view derived from it with the
 * library the CLI uses. Everything runs here; nothing is sent anywhere but a Hub id's config fetch.
 */

/** A pasted file longer than this stays out of the URL (links of a few kB work everywhere). */
const linkLimit = 6000;
/** How long the form waits after a keystroke before deriving again. */
const typingPause = 200;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const parsedUrl = stateFromQuery(location.search);
let state: PageState = parsedUrl.state;
let subject: Subject | undefined;
let run = 0;
let shown = false;

const locale = (): Locale => loadLocale(state.lang);
const words = (): Record<string, string> => locale().web;

function announce(message: string): void {
  const status = $('status');
  status.textContent = '';
  // A new text node, so screen readers announce a message even when it repeats.
  requestAnimationFrame(() => (status.textContent = message));
}

/** Derives and shows the current state; a newer call supersedes an older one still fetching. */
async function show(options: { controls?: boolean } = {}): Promise<void> {
  const mine = ++run;
  const main = $('view');
  main.setAttribute('aria-busy', 'true');
  const hubId =
    state.config === undefined && state.spec === undefined && state.model.includes('/')
      ? state.model
      : undefined;
  if (hubId) announce(fill(words().fetching, { id: hubId }));
  try {
    const next = await subjectOf(state);
    if (mine !== run) return;
    const data = documentData(next.report, locale(), katexMath('htmlAndMathml'), figureOptions());
    const modelChanged =
      subject?.config !== next.config ||
      subject?.report.model?.modelType !== next.report.model?.modelType;
    subject = next;
    main.replaceChildren(renderView(data, { words: words(), announce }));
    main.classList.remove('stale');
    $('error').hidden = true;
    document.title = `${data.title} · transformer-params`;
    if (options.controls || modelChanged) renderControls();
    else refreshOverrides();
    // The view is replaced whole; a screen reader hears only the new total.
    if (shown && data.total) announce(`${data.t.headings.total}: ${data.total.text}`);
    shown = true;
  } catch (error) {
    if (mine !== run) return;
    const message =
      (error as Error).name === 'UserError'
        ? (error as Error).message
        : `internal error: ${(error as Error).message}`;
    if ((error as Error).name !== 'UserError') console.error(error);
    $('error').textContent = message;
    $('error').hidden = false;
    main.classList.add('stale');
    if (options.controls || !subject) renderControls();
  } finally {
    if (mine === run) main.removeAttribute('aria-busy');
  }
  writeUrl();
}

function writeUrl(): void {
  const pasted = state.config ?? state.spec;
  const tooLong = pasted !== undefined && pasted.length > linkLimit;
  const query = stateToQuery(tooLong ? { ...state, config: undefined, spec: undefined } : state);
  if (query !== location.search)
    history.replaceState(null, '', `${location.pathname}${query}${location.hash}`);
  $('link-note').textContent = tooLong ? words().tooLongForLink! : '';
}

let typing: ReturnType<typeof setTimeout> | undefined;
function update(next: PageState, options: { now?: boolean; controls?: boolean } = {}): void {
  state = next;
  clearTimeout(typing);
  if (options.now) void show(options);
  else typing = setTimeout(() => void show(options), typingPause);
}

/** The form, in the state's language, bound to the current model's fields. */
function renderControls(): void {
  const w = words();
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  $('tagline').textContent = w.tagline!;
  $('skip').textContent = w.skip!;
  $('footer').textContent = fill(w.footer, { version: packageVersion() });
  $('settings').replaceChildren(
    labelled(
      'lang',
      w.language!,
      h(
        'select',
        {
          id: 'lang',
          onchange: (e: Event) =>
            update(
              { ...state, lang: (e.target as HTMLSelectElement).value === 'zh' ? 'zh' : 'en' },
              { now: true, controls: true },
            ),
        },
        h('option', { value: 'en', selected: state.lang === 'en' }, 'English'),
        h('option', { value: 'zh', selected: state.lang === 'zh' }, '中文'),
      ),
    ),
    labelled(
      'theme',
      w.theme!,
      h(
        'select',
        { id: 'theme', onchange: (e: Event) => setTheme((e.target as HTMLSelectElement).value) },
        ...(['auto', 'light', 'dark'] as const).map((v) =>
          h(
            'option',
            { value: v, selected: v === (localStorage.getItem(themeKey) ?? 'auto') },
            w[`theme${v[0]!.toUpperCase()}${v.slice(1)}`]!,
          ),
        ),
      ),
    ),
  );
  const form = $('controls');
  const optionsOpen =
    (document.getElementById('options') as HTMLDetailsElement | null)?.open ??
    !matchMedia('(max-width: 760px)').matches;
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
    onchange: () => void readFile(fileInput.files?.[0]),
  });
  form.replaceChildren(
    h(
      'fieldset',
      {},
      h('legend', {}, w.model!),
      h('div', { class: 'row' }, modelInput, h('button', { type: 'submit', id: 'show' }, w.show!)),
      h('p', { class: 'hint', id: 'model-hint' }, w.modelHint!),
      presetOptions,
      classPicker(w),
      state.config !== undefined || state.spec !== undefined
        ? h(
            'p',
            { class: 'hint' },
            w.pasted!,
            ' ',
            h(
              'button',
              {
                type: 'button',
                id: 'back',
                onclick: () =>
                  update(
                    {
                      ...state,
                      config: undefined,
                      spec: undefined,
                      set: [],
                      className: undefined,
                      context: undefined,
                    },
                    { now: true, controls: true },
                  ),
              },
              w.backToModel!,
            ),
          )
        : null,
      h(
        'details',
        { id: 'paste-box' },
        h('summary', {}, w.paste!),
        pasteArea,
        h(
          'div',
          { class: 'row' },
          h(
            'button',
            { type: 'button', id: 'use', onclick: () => usePasted(pasteArea.value) },
            w.use!,
          ),
          h('label', { class: 'button', for: 'file' }, w.openFile!),
          fileInput,
        ),
      ),
    ),
    h(
      'details',
      { id: 'options', open: optionsOpen },
      // On a phone the derivation comes first; the sizes and options fold under one line.
      h('summary', {}, w.options!),
      knobFields(w),
      otherField(w),
      h('ul', { id: 'overrides', 'aria-label': w.overrides }),
      h(
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
                  { ...state, dtype: (e.target as HTMLSelectElement).value as PageState['dtype'] },
                  { now: true },
                ),
            },
            ...figureDtypes.map((d) => h('option', { value: d, selected: d === state.dtype }, d)),
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
            value: state.context ?? String(subject?.report.model?.contextLength ?? ''),
            oninput: (e: Event) => contextChanged((e.target as HTMLInputElement).value),
          }),
        ),
      ),
      h(
        'fieldset',
        {},
        h('legend', {}, w.document!),
        h(
          'div',
          { class: 'row wrap' },
          ...documentFormats.map((f) =>
            h(
              'button',
              { type: 'button', 'data-download': f.name, onclick: () => void download(f.name) },
              `${w.download} .${f.extension}`,
            ),
          ),
          h(
            'button',
            { type: 'button', id: 'copy-document', onclick: () => void copyDocument() },
            w.copyDocument!,
          ),
        ),
        h(
          'p',
          { class: 'hint' },
          h('a', { id: 'permalink', href: location.href }, w.link!),
          ' ',
          h('span', { id: 'link-note' }),
        ),
      ),
    ),
  );
  form.onsubmit = (event) => {
    event.preventDefault();
    const model = modelInput.value.trim();
    if (model)
      update(
        {
          ...state,
          model,
          config: undefined,
          spec: undefined,
          set: [],
          className: undefined,
          context: undefined,
        },
        { now: true, controls: true },
      );
  };
  refreshOverrides();
}

/** The transformers class to count, when the family has more than one (`--class`). */
function classPicker(w: Record<string, string>): HTMLElement | null {
  const classes = subject?.classes ?? [];
  const current = subject?.report.model?.className;
  if (classes.length < 2 || !current) return null;
  const choose = (e: Event) => {
    const chosen = (e.target as HTMLSelectElement).value;
    update(
      { ...state, className: chosen === firstArchitecture() ? undefined : chosen },
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
  const list = subject?.config?.architectures;
  return Array.isArray(list) && typeof list[0] === 'string' ? list[0] : subject?.classes?.[0];
}

function labelled(id: string, label: string, control: HTMLElement): HTMLElement {
  return h('div', { class: 'field' }, h('label', { for: id }, label), control);
}

/** The sizes people change most, each bound to the field this model writes it under. */
function knobFields(w: Record<string, string>): HTMLElement {
  const bound: BoundKnob[] = subject?.config ? boundKnobs(subject.config, subject.defaults) : [];
  const fieldset = h(
    'fieldset',
    { id: 'knobs', hidden: bound.length === 0 },
    h('legend', {}, w.fields!),
  );
  for (const { knob, field, value } of bound) {
    const id = `knob-${knob.key}`;
    const override = state.set.find(([f]) => f === field)?.[1];
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
              update(withOverride(state, field, String((e.target as HTMLInputElement).checked)), {
                now: true,
              }),
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
            oninput: (e: Event) => sizeChanged(field, (e.target as HTMLInputElement).value, value),
          }),
        ),
      );
    }
  }
  return fieldset;
}

function sizeChanged(field: string, text: string, original: unknown): void {
  const value = text.trim();
  update(
    withOverride(state, field, value === '' || value === String(original) ? undefined : value),
  );
}

function contextChanged(text: string): void {
  const value = text.trim();
  const modelContext = subject?.report.model?.contextLength;
  update({
    ...state,
    context: value === '' || value === String(modelContext ?? '') ? undefined : value,
  });
}

/** Any other config field: `name` and `value`, as `--set name=value`. */
function otherField(w: Record<string, string>): HTMLElement {
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
    update(withOverride(state, name.value.trim(), value.value.trim()), {
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
    { hidden: state.spec !== undefined },
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

/** The overrides in force, each with a button that removes it. */
function refreshOverrides(): void {
  const w = words();
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
              update(withOverride(state, field, undefined), { now: true, controls: true }),
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
            onclick: () => update({ ...state, set: [] }, { now: true, controls: true }),
          },
          w.reset!,
        ),
      ),
    );
  const link = document.getElementById('permalink') as HTMLAnchorElement | null;
  if (link) link.href = location.href;
}

/** A pasted or dropped file: a spec when it declares modules, else a config. */
function usePasted(text: string): void {
  let json: unknown;
  try {
    json = parseJson(text, 'the pasted text');
  } catch (error) {
    $('error').textContent = (error as Error).message;
    $('error').hidden = false;
    return;
  }
  // Minified for the link, except a text with integers beyond 2^53: only the text keeps them exact.
  const kept = /\d{16,}/.test(text) ? text.replace(/^\uFEFF/, '').trim() : JSON.stringify(json);
  const isSpec =
    typeof json === 'object' &&
    json !== null &&
    Array.isArray((json as { modules?: unknown }).modules);
  update(
    {
      ...state,
      config: isSpec ? undefined : kept,
      spec: isSpec ? kept : undefined,
      set: [],
      className: undefined,
      context: undefined,
    },
    { now: true, controls: true },
  );
}

async function readFile(file: File | undefined): Promise<void> {
  if (file) usePasted(await file.text());
}

async function download(format: DocumentFormat): Promise<void> {
  if (!subject) return;
  const { documentFile, saveFile } = await import('./downloads.js');
  saveFile(await documentFile(subject.report, format, state.lang, figureOptions()));
}

async function copyDocument(): Promise<void> {
  if (!subject) return;
  const [{ documentFile }, { copyText }] = await Promise.all([
    import('./downloads.js'),
    import('./copy.js'),
  ]);
  const file = await documentFile(subject.report, 'md', state.lang, figureOptions());
  announce(
    (await copyText(file.text)) ? fill(words().copied, { what: 'Markdown' }) : words().copyFailed!,
  );
}

const figureOptions = () => ({
  dtype: state.dtype,
  ...(state.context ? { context: BigInt(state.context) } : {}),
});

const themeKey = 'tparams-theme';
function setTheme(theme: string): void {
  if (theme === 'light' || theme === 'dark') {
    document.documentElement.dataset.theme = theme;
    localStorage.setItem(themeKey, theme);
  } else {
    delete document.documentElement.dataset.theme;
    localStorage.removeItem(themeKey);
  }
}

function start(): void {
  setTheme(localStorage.getItem(themeKey) ?? 'auto');
  if (parsedUrl.problems.length) {
    $('error').textContent = fill(words().ignored, { problems: parsedUrl.problems.join('; ') });
    $('error').hidden = false;
  }
  // Drop a config.json anywhere on the page.
  document.addEventListener('dragover', (e) => e.preventDefault());
  document.addEventListener('drop', (e) => {
    e.preventDefault();
    void readFile(e.dataTransfer?.files?.[0]);
  });
  void show({ controls: true }).then(() => {
    if (!parsedUrl.problems.length) return;
    $('error').textContent = fill(words().ignored, { problems: parsedUrl.problems.join('; ') });
    $('error').hidden = false;
  });
  // Offline once loaded: a service worker keeps the page's files (only where browsers allow one).
  if (
    'serviceWorker' in navigator &&
    (location.protocol === 'https:' ||
      location.hostname === '127.0.0.1' ||
      location.hostname === 'localhost')
  ) {
    navigator.serviceWorker.register('sw.js').then(
      (registration) => {
        if (!registration.active)
          navigator.serviceWorker.ready.then(() => announce(words().offlineReady!));
      },
      () => {},
    );
  }
}

start();
