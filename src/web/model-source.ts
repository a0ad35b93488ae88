import { UserError } from '../errors/user-error.js';
import { parseJson } from '../json/parse-json.js';
import { boundedText, bytesText } from '../http/bounded-body.js';
import { httpEndpoint } from '../hub/endpoint.js';
import { parseHubId } from '../hub/hub-id.js';
import { notAJsonObject } from '../hub/json-body.js';
import { limits } from '../limits.js';
import type { RawConfig } from '../models/config/config-fields.js';
import { families } from '../models/families/registry.js';
import { findPreset } from '../models/presets.js';
import { deriveModel } from '../requests/derive-model.js';
import type { Report } from '../report/report.js';
import { checkpointSubject } from './checkpoint-source.js';
import type { PageState } from './state.js';

/** The model a state asks for, with the config its fields come from (none for a spec). */
export interface Subject {
  readonly report: Report;
  /** The config the form's fields read, before the overrides; its family's defaults fill the gaps. */
  readonly config?: RawConfig;
  readonly defaults?: RawConfig;
  /** The transformers classes this model's family can count (the form offers them). */
  readonly classes?: readonly string[];
}

/** The public Hub: a Hub id from anywhere else has that endpoint shown beside it. */
const defaultEndpoint = 'https://huggingface.co';

/** Configs fetched from the Hub in this page's life, by URL: typing a field must not fetch again. */
const fetched = new Map<string, Promise<RawConfig>>();

/** Builds the report a state asks for: a dropped checkpoint, a pasted spec or config, a preset, or a Hub id. */
export async function subjectOf(
  state: PageState,
  fetchText: (url: string) => Promise<string> = fetchConfig,
): Promise<Subject> {
  if (state.checkpoint) return checkpointSubject(state, state.checkpoint);
  const overrides = state.set.map(([field, value]) => [field, value] as const);
  const classOf = state.className ? { className: state.className } : {};
  if (state.spec !== undefined) {
    if (state.set.length)
      throw new UserError(
        'field overrides do not apply to a spec file: edit the sizes in the spec',
        { field: 'set' },
      );
    const [{ preloadMathjs }, { specFromJson }, { modelReport }] = await Promise.all([
      import('./platform/mathjs-loader.js'),
      import('../models/spec/spec-file.js'),
      import('../requests/derive-model.js'),
    ]);
    await preloadMathjs();
    const spec = specFromJson(parseJson(state.spec, 'the pasted spec'), 'pasted spec');
    return {
      report: modelReport(spec, spec.name, {
        modelType: 'spec',
        className: spec.name,
        source: 'pasted spec',
      }),
    };
  }
  let config: RawConfig;
  let source: string;
  let title: string | undefined;
  if (state.config !== undefined) {
    config = parseJson(state.config, 'the pasted config.json') as RawConfig;
    source = 'pasted config.json';
  } else {
    const preset = findPreset(state.model);
    if (preset) {
      config = preset.config;
      source = preset.repository;
      title = `${preset.name} (${preset.repository})`;
    } else {
      const id = parseHubId(state.model);
      if (!id)
        throw new UserError(
          `'${state.model}' is not a preset or a Hub id (ORG/NAME): pick a preset, type a Hub id, or paste a config.json`,
          { field: 'model', received: state.model },
        );
      const endpoint = httpEndpoint(state.endpoint ?? defaultEndpoint);
      if (endpoint === undefined)
        throw new UserError(
          `endpoint = ${state.endpoint}: expected an http(s) URL such as https://hf-mirror.com`,
          { field: 'endpoint', received: state.endpoint },
        );
      const url = `${endpoint}/${id.repo}/resolve/${encodeURIComponent(id.revision)}/config.json`;
      if (!fetched.has(url))
        fetched.set(
          url,
          fetchText(url).then(
            (text) => parseJson(text, `${state.model}'s config.json`) as RawConfig,
          ),
        );
      try {
        config = await fetched.get(url)!;
      } catch (error) {
        fetched.delete(url);
        throw error;
      }
      // (a count from a mirror must not pass for the Hub's: the mirror is named beside the id)
      source = endpoint === defaultEndpoint ? state.model : `${state.model} · ${endpoint}`;
    }
  }
  const report = deriveModel({
    config,
    source,
    overrides,
    ...classOf,
    ...(title ? { title } : {}),
  });
  const family = families.find((f) => f.modelTypes.includes(String(config.model_type)));
  return {
    report,
    config,
    ...(family ? { defaults: family.defaults, classes: family.classes } : {}),
  };
}

/** Fetches a config from the Hub in the browser; each failure is one sentence that says what to do. */
export async function fetchConfig(url: string): Promise<string> {
  const where = new URL(url);
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(15_000), credentials: 'omit' });
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    throw new UserError(
      timedOut
        ? `${where.host} did not answer within 15 s: try again, or paste the model's config.json`
        : `cannot reach ${where.host} (offline, or it refuses this page): paste the model's config.json instead`,
      { field: 'model' },
    );
  }
  if (response.status === 401 || response.status === 403) {
    throw new UserError(
      `${where.pathname.split('/resolve/')[0]!.slice(1)} is gated or private (HTTP ${response.status}): the page sends no token; download its config.json and paste it`,
      { field: 'model' },
    );
  }
  if (response.status === 404)
    throw new UserError(
      `${where.pathname.split('/resolve/')[0]!.slice(1)}: no such repository or revision, or it has no config.json (HTTP 404)`,
      { field: 'model' },
    );
  if (!response.ok)
    throw new UserError(
      `${where.host} answered HTTP ${response.status} for config.json: try again later, or paste it`,
      { field: 'model' },
    );
  const body = await boundedText(response, limits.hubFileBytes).catch(
    () => ({ broken: true }) as const,
  );
  if ('broken' in body)
    throw new UserError(
      `the connection to ${where.host} broke while reading config.json: try again, or paste it`,
      { field: 'model' },
    );
  if ('tooLarge' in body)
    throw new UserError(
      `${where.host} sent a config.json of more than ${bytesText(limits.hubFileBytes)} (the limit): paste the model's config.json instead`,
      { field: 'model' },
    );
  if ('notText' in body)
    throw new UserError(`${where.host} answered config.json with bytes that are not UTF-8 text`, {
      field: 'model',
    });
  const wrong = notAJsonObject(body.text, response.headers.get('content-type'));
  if (wrong?.startsWith('an HTML page'))
    throw new UserError(
      `${where.host} answered ${wrong}, for config.json: check the endpoint, or paste the model's config.json`,
      { field: 'model' },
    );
  if (wrong)
    throw new UserError(`the config.json from ${where.host} is ${wrong}`, { field: 'model' });
  return body.text;
}
