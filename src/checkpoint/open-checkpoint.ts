import { closeSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonFile } from '../files/read-json-file.js';
import { UserError } from '../errors/user-error.js';
import { hubEnvironment } from '../hub/hub-environment.js';
import { hubFile, parseHubId } from '../hub/hub-file.js';
import type { RawConfig } from '../models/config/config-fields.js';
import { readCheckpoint } from './checkpoint.js';
import { readRemoteCheckpoint } from './remote.js';
import { readGguf } from './gguf.js';
import { openRegularFile } from '../files/regular-file.js';
import type { TensorInfo } from './safetensors.js';

/** A checkpoint to verify: its tensors, the files they came from, and the config that describes it. */
export interface OpenedCheckpoint {
  readonly tensors: ReadonlyMap<string, TensorInfo>;
  readonly files: readonly string[];
  readonly config: RawConfig;
  readonly configSource: string;
  /** False where the file's names could not all be turned into transformers' (a GGUF of another architecture). */
  readonly namesComparable: boolean;
}

/** A local path (folder or file), else a Hub id whose headers are read remotely; `--config` overrides the config beside it. */
export async function openCheckpoint(
  target: string,
  configPath?: string,
): Promise<OpenedCheckpoint> {
  const local = (path: string) => {
    // A FIFO or a device given as the config would block the read: refused first.
    closeSync(openRegularFile(path, 'config').fd);
    return readJsonFile(path, 'config') as RawConfig;
  };
  if (existsSync(target) && target.endsWith('.gguf')) {
    const file = await readGguf(target);
    if (!configPath && !file.config) {
      throw new UserError(
        `${target}: its metadata (architecture ${file.architecture || 'unknown'}) is not one read here (llama, qwen2, qwen3); give --config FILE`,
        { field: '--config', received: target },
      );
    }
    return {
      tensors: file.tensors,
      files: [target],
      config: configPath ? local(configPath) : file.config!,
      configSource: configPath ?? `${target} (GGUF metadata)`,
      namesComparable: file.namesMapped,
    };
  }
  if (existsSync(target)) {
    const checkpoint = readCheckpoint(target);
    const source = configPath ?? join(checkpoint.folder, 'config.json');
    return {
      tensors: checkpoint.tensors,
      files: checkpoint.files,
      config: local(source),
      configSource: source,
      namesComparable: true,
    };
  }
  const id = parseHubId(target);
  if (!id)
    throw new UserError(`${target}: no such file or folder, and not a Hub id (ORG/NAME)`, {
      field: 'checkpoint',
      received: target,
    });
  const env = hubEnvironment();
  if (env.offline)
    throw new UserError(
      `${target}: verify reads the checkpoint's headers from the Hub, and HF_HUB_OFFLINE is set`,
      { field: 'checkpoint', received: target },
    );
  const remote = await readRemoteCheckpoint(id, env);
  let config: RawConfig;
  if (configPath) config = local(configPath);
  else {
    const text = await hubFile(id, 'config.json', env, (line) => process.stderr.write(`${line}\n`));
    try {
      config = JSON.parse(text.replace(/^\uFEFF/, '')) as RawConfig;
    } catch (error) {
      throw new UserError(
        `${target}: its config.json is not valid JSON: ${(error as Error).message}`,
        { field: 'checkpoint', received: target },
      );
    }
  }
  return {
    tensors: remote.tensors,
    files: remote.files,
    config,
    configSource: configPath ?? `${target}/config.json`,
    namesComparable: true,
  };
}
