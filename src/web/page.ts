import { loadLocale, type Locale } from '../i18n/locale.js';
import type { Subject } from './model-source.js';
import { stateFromQuery, type PageState } from './state.js';
import { sizingOptions } from './sizing-state.js';
import type { FigureOptions } from '../requests/model-figures.js';

/**
 * What the page's modules share: one state (kept in the URL) and the subject last derived from
 * it. The form edits the state through an `Update`; the view is derived from the subject.
 */
export const page: { state: PageState; subject: Subject | undefined; readonly problems: string[] } =
  (() => {
    const parsed = stateFromQuery(location.search);
    return { state: parsed.state, subject: undefined, problems: parsed.problems };
  })();

/** Sets a new state and derives it again: at once, or after a pause in typing (`now` unset). */
export type Update = (next: PageState, options?: { now?: boolean; controls?: boolean }) => void;

/** An element of index.html by its id. */
export const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** The words of the state's language. */
export const locale = (): Locale => loadLocale(page.state.lang);

/** The page's own words (`web` in the locale), in the state's language. */
export const words = (): Record<string, string> => locale().web;

/** Says a message to screen readers through the status line. */
export function announce(message: string): void {
  const status = $('status');
  status.textContent = '';
  // A new text node, so screen readers announce a message even when it repeats.
  requestAnimationFrame(() => (status.textContent = message));
}

/** Shows a message in the page's error line. */
export function showError(message: string): void {
  $('error').textContent = message;
  $('error').hidden = false;
}

/** What the figures assume, from the state: the types, the context, the GPUs and LoRA. */
export const figureOptions = (): FigureOptions => ({
  dtype: page.state.dtype,
  ...(page.state.context ? { context: BigInt(page.state.context) } : {}),
  ...sizingOptions(page.state),
});
