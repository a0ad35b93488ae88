import { UserError } from '../errors/user-error.js';
import type { HubEnvironment } from '../hub/hub-environment.js';
import type { HubId } from '../hub/hub-file.js';
import { parseSafetensorsHeader, type TensorInfo } from './safetensors.js';

/** Largest whole file read from a server that ignores range requests. */
const WHOLE_FILE_LIMIT = 64 * 1024 * 1024;
/** Largest header the format allows. */
const MAX_HEADER = 100_000_000;

/**
 * A Hub checkpoint's tensors from its safetensors headers, read with HTTP range requests (the
 * 8-byte length, then the header): `model.safetensors.index.json` and its shards, or one
 * `model.safetensors`. A server that ignores ranges still works for files up to 64 MiB.
 */
export async function readRemoteCheckpoint(id: HubId, env: HubEnvironment): Promise<{ tensors: Map<string, TensorInfo>; files: string[] }> {
  const label = `${id.repo}${id.revision === 'main' ? '' : `@${id.revision}`}`;
  const url = (file: string) => `${env.endpoint}/${id.repo}/resolve/${encodeURIComponent(id.revision)}/${file}`;
  const index = await get(url('model.safetensors.index.json'), env, label, 'model.safetensors.index.json', { optional: true });
  let files: string[];
  if (index) {
    let json: { weight_map?: Record<string, string> };
    try {
      json = JSON.parse(Buffer.from(index).toString('utf8'));
    } catch (error) {
      throw new UserError(`${label}: model.safetensors.index.json is not valid JSON: ${(error as Error).message}`, { field: 'checkpoint', received: label });
    }
    if (typeof json.weight_map !== 'object' || json.weight_map === null) throw new UserError(`${label}: model.safetensors.index.json has no "weight_map"`, { field: 'checkpoint', received: label });
    files = [...new Set(Object.values(json.weight_map))];
  } else {
    files = ['model.safetensors'];
  }
  const tensors = new Map<string, TensorInfo>();
  for (const file of files) {
    const prefix = await get(url(file), env, label, file, { range: [0, 7] });
    if (!prefix || prefix.length < 8) throw new UserError(`${label}: ${file} is not a safetensors file (shorter than 8 bytes)`, { field: 'checkpoint', received: label });
    const length = Buffer.from(prefix).readBigUInt64LE(0);
    if (length > BigInt(MAX_HEADER)) throw new UserError(`${label}: ${file} is not a safetensors file (header length ${length})`, { field: 'checkpoint', received: label });
    // A server that ignored the range sent the whole file: its header is already here.
    const header = prefix.length >= 8 + Number(length) ? prefix.subarray(8, 8 + Number(length)) : (await get(url(file), env, label, file, { range: [8, 8 + Number(length) - 1] }))!.subarray(0, Number(length));
    for (const [name, info] of parseSafetensorsHeader(Buffer.from(header), `${label}/${file}`)) {
      if (tensors.has(name)) throw new UserError(`${label}: tensor ${name} is in more than one shard`, { field: 'checkpoint', received: label });
      tensors.set(name, info);
    }
  }
  return { tensors, files };
}

async function get(url: string, env: HubEnvironment, label: string, file: string, options: { range?: [number, number]; optional?: boolean }): Promise<Uint8Array | undefined> {
  const headers: Record<string, string> = {};
  if (env.token) headers.authorization = `Bearer ${env.token}`;
  if (options.range) headers.range = `bytes=${options.range[0]}-${options.range[1]}`;
  let response: Response;
  try {
    response = await fetch(url, { headers, redirect: 'follow', signal: AbortSignal.timeout(env.timeoutMs) });
  } catch (error) {
    const e = error as { name?: string; cause?: { code?: string } };
    const reason = e.name === 'TimeoutError' ? 'timed out' : e.cause?.code ?? 'network error';
    throw new UserError(`${label}: cannot reach ${env.endpoint} (${reason}) for ${file}`, { field: 'checkpoint', received: label });
  }
  if (response.status === 404 && options.optional) return undefined;
  if (response.status === 401 || response.status === 403) throw new UserError(`${label}: ${response.status} for ${file}: it is gated or private; set HF_TOKEN to a token that can read it`, { field: 'checkpoint', received: label });
  if (response.status === 404) throw new UserError(`${label}: no ${file} on ${env.endpoint} (verify reads safetensors checkpoints)`, { field: 'checkpoint', received: label });
  if (!response.ok) throw new UserError(`${label}: ${env.endpoint} answered ${response.status} for ${file}`, { field: 'checkpoint', received: label });
  if (options.range && response.status === 200) {
    const size = Number(response.headers.get('content-length') ?? NaN);
    if (!(size <= WHOLE_FILE_LIMIT)) {
      await response.body?.cancel();
      throw new UserError(`${label}: the server ignores range requests and ${file} is ${Number.isFinite(size) ? `${size} bytes` : 'of unknown size'}; download it and verify the folder`, { field: 'checkpoint', received: label });
    }
  }
  try {
    return new Uint8Array(await response.arrayBuffer());
  } catch {
    throw new UserError(`${label}: the connection broke while reading ${file}`, { field: 'checkpoint', received: label });
  }
}
