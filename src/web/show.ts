import { documentData } from '../documents/document-data.js';
import { katexMath } from '../documents/math-renderers.js';
import { renderControls } from './form/controls.js';
import { refreshOverrides } from './form/overrides.js';
import { writeUrl } from './link.js';
import { subjectOf } from './model-source.js';
import { $, announce, figureOptions, locale, page, words, type Update } from './page.js';
import { renderView } from './view.js';
import { fill } from './dom.js';

/** How long the form waits after a keystroke before deriving again. */
const typingPause = 200;

let run = 0;
let shown = false;
let typing: ReturnType<typeof setTimeout> | undefined;

/** Derives and shows the current state; a newer call supersedes an older one still fetching. */
export async function show(options: { controls?: boolean } = {}): Promise<void> {
  const mine = ++run;
  const main = $('view');
  main.setAttribute('aria-busy', 'true');
  const state = page.state;
  const hubId =
    state.config === undefined && state.spec === undefined && state.model.includes('/')
      ? state.model
      : undefined;
  if (hubId) announce(fill(words().fetching, { id: hubId }));
  try {
    const next = await subjectOf(state);
    if (mine !== run) return;
    const data = documentData(next.report, locale(), katexMath('htmlAndMathml'), figureOptions());
    const subject = page.subject;
    const modelChanged =
      subject?.config !== next.config ||
      subject?.report.model?.modelType !== next.report.model?.modelType;
    page.subject = next;
    main.replaceChildren(renderView(data, { words: words(), announce }));
    main.classList.remove('stale');
    $('error').hidden = true;
    document.title = `${data.title} · transformer-params`;
    if (options.controls || modelChanged) renderControls(update);
    else refreshOverrides(update);
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
    if (options.controls || !page.subject) renderControls(update);
  } finally {
    if (mine === run) main.removeAttribute('aria-busy');
  }
  writeUrl();
}

/** The form's one way to change the state: derive it again at once, or after a pause in typing. */
export const update: Update = (next, options = {}) => {
  page.state = next;
  clearTimeout(typing);
  if (options.now) void show(options);
  else typing = setTimeout(() => void show(options), typingPause);
};
