import { UserError } from '../errors/user-error.js';
import { limits } from '../limits.js';
import { boundedText, bytesText } from '../http/bounded-body.js';
import { refusedFile } from './cache-names.js';
import { cacheNamesOf, readCached, repoFolder, store } from './hub-cache.js';
import type { HubEnvironment } from './hub-environment.js';
import type { HubId } from './hub-id.js';
import { notAJsonObject } from './json-body.js';

export { parseHubId, type HubId } from './hub-id.js';

/**
 * One file of a model repository, through the cache `huggingface_hub` keeps (and shares with it):
 * `models--ORG--NAME/blobs/<etag>`, `snapshots/<commit>/<file>` linking to the blob, and
 * `refs/<revision>` holding the commit. Online, the file is fetched from `HF_ENDPOINT` (redirects
 * followed, time-out bounded, at most `limits.hubFileBytes`) and cached only when it is what it
 * claims (a `.json` file must be a JSON object); offline (`HF_HUB_OFFLINE=1`), or when the Hub
 * cannot be reached, the cached snapshot is read. Every failure is a `UserError` that says what to do.
 */
export async function hubFile(
  id: HubId,
  file: string,
  env: HubEnvironment,
  notice: (line: string) => void = () => {},
): Promise<string> {
  const label = `${id.repo}${id.revision === 'main' ? '' : `@${id.revision}`}`;
  const fail = (message: string) =>
    new UserError(`${label}: ${message}`, { field: 'target', received: label });
  const badFile = refusedFile(file);
  if (badFile) throw fail(`the file '${file}' ${badFile}`);
  const folder = repoFolder(env.cacheDir, id.repo);
  const cached = () => cachedText(folder, id.revision, file, fail);
  if (env.offline) {
    const text = cached();
    if (text === undefined)
      throw fail(
        `offline (HF_HUB_OFFLINE is set) and its ${file} is not in the cache (${env.cacheDir})`,
      );
    return text;
  }
  const url = `${env.endpoint}/${id.repo}/resolve/${encodeURIComponent(id.revision)}/${file}`;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: env.token ? { authorization: `Bearer ${env.token}` } : {},
      redirect: 'follow',
      signal: AbortSignal.timeout(env.timeoutMs),
    });
  } catch (error) {
    const reason = describeNetworkError(error);
    const text = cached();
    if (text !== undefined) {
      notice(
        `tparams: ${env.endpoint} cannot be reached (${reason}); using the cached ${file} of ${label}`,
      );
      return text;
    }
    throw fail(
      `cannot reach ${env.endpoint} (${reason}) and its ${file} is not cached; check the network or HF_ENDPOINT`,
    );
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    throw statusError(response, label, file, env);
  }
  let body: Awaited<ReturnType<typeof boundedText>>;
  try {
    body = await boundedText(response, limits.hubFileBytes);
  } catch (error) {
    throw fail(
      `the connection to ${env.endpoint} broke while reading ${file} (${describeNetworkError(error)})`,
    );
  }
  if ('tooLarge' in body)
    throw fail(
      `${env.endpoint} sent ${file} of more than ${bytesText(limits.hubFileBytes)} (the limit; it ${body.declared ? `declared ${bytesText(body.tooLarge)}` : `sent ${bytesText(body.tooLarge)} before it was stopped`})`,
    );
  if ('notText' in body)
    throw fail(`${env.endpoint} answered ${file} with bytes that are not UTF-8 text`);
  const wrong = claimBroken(body.text, file, response.headers.get('content-type'));
  if (wrong)
    throw fail(
      wrong.startsWith('an HTML page')
        ? `${env.endpoint} answered ${wrong}, for ${file} (an error or login page? check HF_ENDPOINT)`
        : `its ${file} is ${wrong}`,
    );
  const names = cacheNamesOf(response.headers, id.revision, body.text);
  if ('refused' in names)
    throw fail(`${env.endpoint} answered ${file} with ${names.refused}; nothing was cached`);
  store(folder, id.revision, file, body.text, names);
  return body.text;
}

/** Why a body is not what its file's name claims (only JSON files are checked), or undefined. */
const claimBroken = (text: string, file: string, contentType: string | null): string | undefined =>
  file.endsWith('.json') ? notAJsonObject(text, contentType) : undefined;

/** The cached file's text, undefined when it is not cached; a cached file that is not what it claims says so. */
function cachedText(
  folder: string,
  revision: string,
  file: string,
  fail: (message: string) => UserError,
): string | undefined {
  const found = readCached(folder, revision, file, limits.hubFileBytes);
  if (found === undefined) return undefined;
  if ('tooLarge' in found)
    throw fail(
      `the cached ${file} (${found.path}) is ${bytesText(found.tooLarge)}, above the limit of ${bytesText(limits.hubFileBytes)}: delete it`,
    );
  const wrong = claimBroken(found.text, file, null);
  if (wrong)
    throw fail(
      `the cached ${file} (${found.path}) is ${wrong}: delete it, and fetch it again online`,
    );
  return found.text;
}

function statusError(
  response: Response,
  label: string,
  file: string,
  env: HubEnvironment,
): UserError {
  const code = response.headers.get('x-error-code');
  if (response.status === 401 || response.status === 403) {
    const hint = env.token
      ? 'the token (HF_TOKEN) has no access to it: accept its licence on the Hub, or use a token that can read it'
      : 'it is gated or private: set HF_TOKEN to a token that can read it';
    return new UserError(`${label}: ${response.status} from ${env.endpoint}: ${hint}`, {
      field: 'target',
      received: label,
    });
  }
  if (response.status === 404) {
    const what =
      code === 'EntryNotFound'
        ? `the repository has no ${file}`
        : code === 'RevisionNotFound'
          ? 'no such revision'
          : `no such repository (or it has no ${file})`;
    return new UserError(`${label}: ${what} on ${env.endpoint}`, {
      field: 'target',
      received: label,
    });
  }
  return new UserError(
    `${label}: ${env.endpoint} answered ${response.status} ${response.statusText} for ${file}`,
    { field: 'target', received: label },
  );
}

function describeNetworkError(error: unknown): string {
  const e = error as {
    name?: string;
    cause?: { code?: string; message?: string };
    message?: string;
  };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'timed out';
  return e.cause?.code ?? e.cause?.message ?? e.message ?? 'network error';
}
