import { $, page, words } from './page.js';
import { stateToQuery } from './state.js';

/** A pasted file longer than this stays out of the URL (links of a few kB work everywhere). */
const linkLimit = 6000;

/** Puts the state in the address bar (without a pasted file too long for a link, or a dropped checkpoint, said beside it). */
export function writeUrl(): void {
  const state = page.state;
  const pasted = state.config ?? state.spec;
  const tooLong = pasted !== undefined && pasted.length > linkLimit;
  // A GGUF file's sizes are no config a family could read: opened alone they would mislead.
  const ownSizes = state.checkpoint?.metadataOnly && state.config === state.checkpoint.config?.text;
  const query = stateToQuery(
    tooLong || ownSizes ? { ...state, config: undefined, spec: undefined } : state,
  );
  if (query !== location.search)
    history.replaceState(null, '', `${location.pathname}${query}${location.hash}`);
  // (a dropped checkpoint is never in the state's query: said beside the link)
  $('link-note').textContent = ownSizes
    ? words().ggufNotInLink!
    : tooLong
      ? words().tooLongForLink!
      : state.checkpoint
        ? words().notInLink!
        : '';
}
