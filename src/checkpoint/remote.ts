import { UserError } from '../errors/user-error.js';
import type { HubEnvironment } from '../hub/hub-environment.js';
import type { HubId } from '../hub/hub-file.js';
import { parseJson } from '../json/parse-json.js';
import { limits } from '../limits.js';
import { readBounded } from '../http/bounded-body.js';
import { MAX_HEADER, parseSafetensorsHeader, type TensorInfo } from './safetensors.js';
import { shardFiles } from './shard-index.js';
import { inBatches, mergeShards, SHARDS_AT_ONCE } from './shard-merge.js';

/** Largest whole file read from a server that ignores range requests. */
const WHOLE_FILE_LIMIT = 64 * 1024 * 1024;

/** A path's segments, each percent-encoded: a name's `?`, `#` or `%` stays part of the name. */
const encodePath = (path: string) => path.split('/').map(encodeURIComponent).join('/');

/**
 * A Hub checkpoint's tensors from its safetensors headers, read with HTTP range requests (the
 * 8-byte length, then the header): `model.safetensors.index.json` and its shards, or one
 * `model.safetensors`. A server that ignores ranges still works for files up to 64 MiB.
 */
export async function readRemoteCheckpoint(
  id: HubId,
  env: HubEnvironment,
): Promise<{ tensors: ReadonlyMap<string, TensorInfo>; files: string[] }> {
  const label = `${id.repo}${id.revision === 'main' ? '' : `@${id.revision}`}`;
  const url = (file: string) =>
    `${env.endpoint}/${encodePath(id.repo)}/resolve/${encodeURIComponent(id.revision)}/${encodePath(file)}`;
  const index = await get(
    url('model.safetensors.index.json'),
    env,
    label,
    'model.safetensors.index.json',
    { optional: true },
  );
  // Plain names only (shardFiles): a request never leaves the repository's path.
  const files = index
    ? shardFiles(
        parseJson(
          Buffer.from(index.bytes).toString('utf8'),
          `${label}: model.safetensors.index.json`,
        ),
        `${label}/model.safetensors.index.json`,
      )
    : ['model.safetensors'];
  const shardHeader = async (file: string): Promise<Map<string, TensorInfo>> => {
    const where = `${label}/${file}`;
    const prefix = (await get(url(file), env, label, file, { range: [0, 7] }))!;
    if (prefix.bytes.length < 8)
      throw new UserError(`${label}: ${file} is not a safetensors file (shorter than 8 bytes)`, {
        field: 'checkpoint',
        received: label,
      });
    const length = Buffer.from(prefix.bytes).readBigUInt64LE(0);
    if (length > BigInt(MAX_HEADER))
      throw new UserError(
        `${label}: ${file} is not a safetensors file (header length ${length}, above the format's limit of ${MAX_HEADER})`,
        { field: 'checkpoint', received: label },
      );
    const size = prefix.fileSize;
    if (size !== undefined && 8n + length > size)
      throw new UserError(
        `${label}: ${file} is not a safetensors file (header length ${length} does not fit the file, ${size} bytes)`,
        { field: 'checkpoint', received: label },
      );
    const n = Number(length);
    // A server that ignored the range sent the whole file: its header is already here.
    const header =
      prefix.bytes.length >= 8 + n
        ? prefix.bytes.subarray(8, 8 + n)
        : (await get(url(file), env, label, file, { range: [8, 8 + n - 1] }))!.bytes.subarray(0, n);
    if (header.length < n)
      throw new UserError(
        `${label}: ${file}: the server sent ${header.length} of the header's ${n} bytes`,
        { field: 'checkpoint', received: label },
      );
    return parseSafetensorsHeader(
      Buffer.from(header),
      where,
      size === undefined ? undefined : size - 8n - length,
    );
  };
  // A few shards at a time: DeepSeek-V3's 163 shards in parallel would be 326 requests at once.
  const headers = await inBatches(files, SHARDS_AT_ONCE, async (file) => ({
    file,
    tensors: await shardHeader(file),
  }));
  const tensors = mergeShards(headers, label);
  return { tensors, files };
}

/** A body, and the whole file's size when the answer tells it (a 206's Content-Range, a whole 200). */
interface Fetched {
  readonly bytes: Uint8Array;
  readonly fileSize?: bigint;
}

async function get(
  url: string,
  env: HubEnvironment,
  label: string,
  file: string,
  options: { range?: [number, number]; optional?: boolean },
): Promise<Fetched | undefined> {
  const headers: Record<string, string> = {};
  if (env.token) headers.authorization = `Bearer ${env.token}`;
  if (options.range) headers.range = `bytes=${options.range[0]}-${options.range[1]}`;
  let response: Response;
  try {
    response = await fetch(url, {
      headers,
      redirect: 'follow',
      signal: AbortSignal.timeout(env.timeoutMs),
    });
  } catch (error) {
    const e = error as { name?: string; cause?: { code?: string } };
    const reason = e.name === 'TimeoutError' ? 'timed out' : (e.cause?.code ?? 'network error');
    throw new UserError(`${label}: cannot reach ${env.endpoint} (${reason}) for ${file}`, {
      field: 'checkpoint',
      received: label,
    });
  }
  const refuse = async (message: string) => {
    await response.body?.cancel().catch(() => undefined);
    return new UserError(`${label}: ${message}`, { field: 'checkpoint', received: label });
  };
  if (response.status === 404 && options.optional) {
    await response.body?.cancel().catch(() => undefined);
    return undefined;
  }
  if (response.status === 401 || response.status === 403)
    throw await refuse(
      `${response.status} for ${file}: it is gated or private; set HF_TOKEN to a token that can read it`,
    );
  if (response.status === 404)
    throw await refuse(`no ${file} on ${env.endpoint} (verify reads safetensors checkpoints)`);
  if (!response.ok) throw await refuse(`${env.endpoint} answered ${response.status} for ${file}`);
  const partial = options.range !== undefined && response.status === 206;
  const ignoredRange = options.range !== undefined && !partial;
  const tooBig = ignoredRange
    ? `the server ignores range requests and ${file} is more than ${WHOLE_FILE_LIMIT} bytes; download it and verify the folder`
    : `${file} is more than ${limits.indexBytes} bytes (the limit)`;
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (!partial && declared > (ignoredRange ? WHOLE_FILE_LIMIT : limits.indexBytes))
    throw await refuse(tooBig.replace('more than', `${declared} bytes, more than`));
  // A 206 is read as far as the range asked, whatever the server sends; other answers up to their bound.
  const bound = partial
    ? options.range![1] - options.range![0] + 1
    : ignoredRange
      ? WHOLE_FILE_LIMIT
      : limits.indexBytes;
  let body: { bytes: Uint8Array; more: boolean };
  try {
    body = await readBounded(response, bound);
  } catch {
    throw new UserError(`${label}: the connection broke while reading ${file}`, {
      field: 'checkpoint',
      received: label,
    });
  }
  if (body.more && !partial)
    throw new UserError(`${label}: ${tooBig}`, { field: 'checkpoint', received: label });
  const total = /\/(\d+)\s*$/.exec(response.headers.get('content-range') ?? '')?.[1];
  const fileSize = partial
    ? total !== undefined
      ? BigInt(total)
      : undefined
    : ignoredRange
      ? BigInt(body.bytes.length)
      : undefined;
  return { bytes: body.bytes, ...(fileSize !== undefined ? { fileSize } : {}) };
}
