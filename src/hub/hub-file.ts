import { mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync, copyFileSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { UserError } from '../errors/user-error.js';
import type { HubEnvironment } from './hub-environment.js';
import type { HubId } from './hub-id.js';

export { parseHubId, type HubId } from './hub-id.js';

const COMMIT = /^[0-9a-f]{40}$/;

/**
 * One file of a model repository, through the cache `huggingface_hub` keeps (and shares with it):
 * `models--ORG--NAME/blobs/<etag>`, `snapshots/<commit>/<file>` linking to the blob, and
 * `refs/<revision>` holding the commit. Online, the file is fetched from `HF_ENDPOINT` (redirects
 * followed, time-out bounded) and cached; offline (`HF_HUB_OFFLINE=1`), or when the Hub cannot be
 * reached, the cached snapshot is read. Every failure is a `UserError` that says what to do.
 */
export async function hubFile(id: HubId, file: string, env: HubEnvironment, notice: (line: string) => void = () => {}): Promise<string> {
  const folder = join(env.cacheDir, `models--${id.repo.replace(/\//g, '--')}`);
  const label = `${id.repo}${id.revision === 'main' ? '' : `@${id.revision}`}`;
  const cached = () => readCached(folder, id.revision, file);
  if (env.offline) {
    const text = cached();
    if (text === undefined) throw new UserError(`${label}: offline (HF_HUB_OFFLINE is set) and its ${file} is not in the cache (${env.cacheDir})`, { field: 'target', received: label });
    return text;
  }
  const url = `${env.endpoint}/${id.repo}/resolve/${encodeURIComponent(id.revision)}/${file}`;
  let response: Response;
  try {
    response = await fetch(url, { headers: env.token ? { authorization: `Bearer ${env.token}` } : {}, redirect: 'follow', signal: AbortSignal.timeout(env.timeoutMs) });
  } catch (error) {
    const reason = describeNetworkError(error);
    const text = cached();
    if (text !== undefined) {
      notice(`tparams: ${env.endpoint} cannot be reached (${reason}); using the cached ${file} of ${label}`);
      return text;
    }
    throw new UserError(`${label}: cannot reach ${env.endpoint} (${reason}) and its ${file} is not cached; check the network or HF_ENDPOINT`, { field: 'target', received: label });
  }
  if (!response.ok) throw statusError(response, label, file, env);
  let body: string;
  try {
    body = await response.text();
  } catch (error) {
    throw new UserError(`${label}: the connection to ${env.endpoint} broke while reading ${file} (${describeNetworkError(error)})`, { field: 'target', received: label });
  }
  store(folder, id.revision, file, body, response.headers);
  return body;
}

function statusError(response: Response, label: string, file: string, env: HubEnvironment): UserError {
  const code = response.headers.get('x-error-code');
  if (response.status === 401 || response.status === 403) {
    const hint = env.token ? 'the token (HF_TOKEN) has no access to it: accept its licence on the Hub, or use a token that can read it' : 'it is gated or private: set HF_TOKEN to a token that can read it';
    return new UserError(`${label}: ${response.status} from ${env.endpoint}: ${hint}`, { field: 'target', received: label });
  }
  if (response.status === 404) {
    const what = code === 'EntryNotFound' ? `the repository has no ${file}` : code === 'RevisionNotFound' ? 'no such revision' : `no such repository (or it has no ${file})`;
    return new UserError(`${label}: ${what} on ${env.endpoint}`, { field: 'target', received: label });
  }
  return new UserError(`${label}: ${env.endpoint} answered ${response.status} ${response.statusText} for ${file}`, { field: 'target', received: label });
}

function describeNetworkError(error: unknown): string {
  const e = error as { name?: string; cause?: { code?: string; message?: string }; message?: string };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'timed out';
  return e.cause?.code ?? e.cause?.message ?? e.message ?? 'network error';
}

/** The cached file at a revision: a commit hash names its snapshot; a branch or tag is read through refs/. */
function readCached(folder: string, revision: string, file: string): string | undefined {
  let commit = revision;
  if (!COMMIT.test(revision)) {
    try {
      commit = readFileSync(join(folder, 'refs', revision), 'utf8').trim();
    } catch {
      return undefined;
    }
  }
  try {
    return readFileSync(join(folder, 'snapshots', commit, file), 'utf8');
  } catch {
    return undefined;
  }
}

/** Caches a fetched file the way huggingface_hub does; a cache that cannot be written is skipped, not an error. */
function store(folder: string, revision: string, file: string, body: string, headers: Headers): void {
  const commit = headers.get('x-repo-commit') ?? (COMMIT.test(revision) ? revision : undefined);
  const etag = (headers.get('x-linked-etag') ?? headers.get('etag'))?.replace(/^W\//, '').replace(/"/g, '');
  if (!commit || !etag || !/^[\w.-]+$/.test(etag)) return;
  try {
    const blob = join(folder, 'blobs', etag);
    if (!existsSync(blob)) {
      mkdirSync(dirname(blob), { recursive: true });
      const temporary = `${blob}.${process.pid}.incomplete`;
      writeFileSync(temporary, body);
      renameSync(temporary, blob);
    }
    const pointer = join(folder, 'snapshots', commit, file);
    mkdirSync(dirname(pointer), { recursive: true });
    rmSync(pointer, { force: true });
    try {
      symlinkSync(relative(dirname(pointer), blob), pointer);
    } catch {
      copyFileSync(blob, pointer);
    }
    if (revision !== commit) {
      mkdirSync(join(folder, 'refs', dirname(revision)), { recursive: true });
      writeFileSync(join(folder, 'refs', revision), commit);
    }
  } catch {
    // A read-only or full cache costs the next run a request, nothing more.
  }
}
