import { figureDtypes, type FigureDtype } from '../requests/model-figures.js';
import { httpEndpoint } from '../hub/endpoint.js';
import type { DroppedCheckpoint } from './checkpoint-file.js';
import { readSizing, writeSizing, type SizingState } from './sizing-state.js';

/**
 * Everything the page shows follows from this state, and the state lives in the URL, so a link
 * to a derivation can be shared and embedded: `?model=llama-2-7b&lang=zh&set=num_hidden_layers:40`.
 */
export interface PageState extends SizingState {
  /** A preset's name or a Hub id (`ORG/NAME[@REVISION]`); with `config` or `spec` it is ignored. */
  readonly model: string;
  /** A pasted config.json, minified (in the URL as base64url). */
  readonly config?: string;
  /** A pasted `--spec` file, minified (in the URL as base64url). */
  readonly spec?: string;
  readonly className?: string;
  /** Config field overrides, in order, like `--set field=value`. */
  readonly set: ReadonlyArray<readonly [field: string, value: string]>;
  readonly lang: 'en' | 'zh';
  /** What the memory figures assume: the element type and the context. */
  readonly dtype: FigureDtype;
  readonly context?: string;
  /** Another Hub (a mirror), as `HF_ENDPOINT` is for the CLI: an http(s) URL, nothing else. */
  readonly endpoint?: string;
  /** A dropped checkpoint's header: never in the URL (a file cannot travel in a link). */
  readonly checkpoint?: DroppedCheckpoint;
}

/** The page with nothing in its URL: Llama 2 7B in English, bf16. */
export const defaultState: PageState = { model: 'llama-2-7b', set: [], lang: 'en', dtype: 'bf16' };

/** The URL's query for a state: only what differs from the defaults, in a fixed order. */
export function stateToQuery(state: PageState): string {
  const query = new URLSearchParams();
  if (state.config !== undefined) query.set('config', toBase64Url(state.config));
  else if (state.spec !== undefined) query.set('spec', toBase64Url(state.spec));
  else query.set('model', state.model);
  if (state.className) query.set('class', state.className);
  for (const [field, value] of state.set) query.append('set', `${field}:${value}`);
  if (state.lang !== defaultState.lang) query.set('lang', state.lang);
  if (state.dtype !== defaultState.dtype) query.set('dtype', state.dtype);
  if (state.context) query.set('context', state.context);
  writeSizing(state, query);
  if (state.endpoint) query.set('endpoint', state.endpoint);
  return `?${query.toString()}`;
}

/** The state a URL's query asks for; what it cannot read is listed in `problems` and left at its default. */
export function stateFromQuery(search: string): { state: PageState; problems: string[] } {
  const query = new URLSearchParams(search);
  const problems: string[] = [];
  const set: Array<readonly [string, string]> = [];
  for (const item of query
    .getAll('set')
    .flatMap((s) => s.split(','))
    .filter((s) => s.trim() !== '')) {
    const at = item.indexOf(':');
    const field = item.slice(0, at).trim();
    if (at <= 0 || !/^[A-Za-z_][\w.]*$/.test(field))
      problems.push(`set=${item}: expected field:value`);
    else set.push([field, item.slice(at + 1).trim()]);
  }
  const lang = query.get('lang') ?? defaultState.lang;
  if (lang !== 'en' && lang !== 'zh') problems.push(`lang=${lang}: expected en or zh`);
  const dtype = query.get('dtype') ?? defaultState.dtype;
  if (!(figureDtypes as readonly string[]).includes(dtype))
    problems.push(`dtype=${dtype}: expected one of ${figureDtypes.join(', ')}`);
  const context = query.get('context') ?? undefined;
  if (context !== undefined && !/^[1-9]\d*$/.test(context))
    problems.push(`context=${context}: expected a positive whole number of tokens`);
  const endpoint = query.get('endpoint')?.trim() || undefined;
  // (a `data:` "endpoint" would show whatever it holds under a real Hub id's name)
  const endpointOk = endpoint !== undefined && httpEndpoint(endpoint) !== undefined;
  if (endpoint !== undefined && !endpointOk)
    problems.push(
      `endpoint=${endpoint.length > 60 ? `${endpoint.slice(0, 57)}…` : endpoint}: expected an http(s) URL such as https://hf-mirror.com`,
    );
  const decoded = (key: 'config' | 'spec'): string | undefined => {
    const raw = query.get(key);
    if (raw === null) return undefined;
    const text = fromBase64Url(raw);
    if (text === undefined) problems.push(`${key}=…: not base64url-encoded JSON`);
    return text;
  };
  const config = decoded('config');
  const spec = config === undefined ? decoded('spec') : undefined;
  const state: PageState = {
    model: query.get('model')?.trim() || defaultState.model,
    ...(config !== undefined ? { config } : {}),
    ...(spec !== undefined ? { spec } : {}),
    ...(query.get('class') ? { className: query.get('class')! } : {}),
    set,
    lang: lang === 'zh' ? 'zh' : 'en',
    dtype: (figureDtypes as readonly string[]).includes(dtype)
      ? (dtype as FigureDtype)
      : defaultState.dtype,
    ...(context !== undefined && /^[1-9]\d*$/.test(context) ? { context } : {}),
    ...readSizing(query, problems),
    ...(endpointOk ? { endpoint } : {}),
  };
  return { state, problems };
}

/** The state with one field's override replaced (or removed, with `undefined`), keeping the others' order. */
export function withOverride(
  state: PageState,
  field: string,
  value: string | undefined,
): PageState {
  const at = state.set.findIndex(([f]) => f === field);
  const set = [...state.set];
  if (value === undefined) {
    if (at >= 0) set.splice(at, 1);
  } else if (at >= 0) set[at] = [field, value];
  else set.push([field, value]);
  return { ...state, set };
}

// base64url of UTF-8 (a pasted config may hold any character), without padding.
function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string | undefined {
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return new TextDecoder('utf-8', { fatal: true }).decode(
      Uint8Array.from(binary, (c) => c.charCodeAt(0)),
    );
  } catch {
    return undefined;
  }
}
