import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fieldError } from '../errors/user-error.js';
import { httpEndpoint } from './endpoint.js';

/** Where the Hub is and how to reach it, read from the environment as `huggingface_hub` reads it. */
export interface HubEnvironment {
  /** `HF_ENDPOINT` (an http(s) URL), default the public Hub. */
  readonly endpoint: string;
  /** `HF_TOKEN`, else the token file `huggingface-cli login` writes under `HF_HOME`. */
  readonly token?: string;
  /** `HF_HUB_CACHE`, else `HF_HOME/hub`: the cache both tools share. */
  readonly cacheDir: string;
  /** `HF_HUB_OFFLINE=1`: the cache only, no request. */
  readonly offline: boolean;
  /** `HF_HUB_ETAG_TIMEOUT` in seconds (huggingface_hub's name for a metadata request's time-out), default 10. */
  readonly timeoutMs: number;
}

const truthy = (value: string | undefined) =>
  value !== undefined && ['1', 'on', 'yes', 'true'].includes(value.trim().toLowerCase());

/** The environment's Hub settings; an `HF_ENDPOINT` that is not an http(s) URL is a `UserError`. */
export function hubEnvironment(env: NodeJS.ProcessEnv = process.env): HubEnvironment {
  const endpoint = httpEndpoint(env.HF_ENDPOINT?.trim() || 'https://huggingface.co');
  if (endpoint === undefined)
    throw fieldError(
      'HF_ENDPOINT',
      env.HF_ENDPOINT,
      'an http(s) URL such as https://huggingface.co',
    );
  const home = env.HF_HOME ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'huggingface');
  const token = env.HF_TOKEN?.trim() || readToken(join(home, 'token'));
  const seconds = Number(env.HF_HUB_ETAG_TIMEOUT);
  return {
    endpoint,
    ...(token ? { token } : {}),
    cacheDir: env.HF_HUB_CACHE ?? join(home, 'hub'),
    offline: truthy(env.HF_HUB_OFFLINE),
    timeoutMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 10_000,
  };
}

function readToken(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
