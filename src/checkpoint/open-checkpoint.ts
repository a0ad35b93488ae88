import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonFile } from '../cli/read-json.js';
import { UserError } from '../errors/user-error.js';
import { hubEnvironment } from '../hub/hub-environment.js';
import { hubFile, parseHubId } from '../hub/hub-file.js';
import type { RawConfig } from '../models/config/config-fields.js';
import { readCheckpoint } from './checkpoint.js';
import { readRemoteCheckpoint } from './remote.js';
import type { TensorInfo } from './safetensors.js';

/** A checkpoint to verify: its tensors, the files they came from, and the config that describes it. */
export interface OpenedCheckpoint {
  readonly tensors: ReadonlyMap<string, TensorInfo>;
  readonly files: readonly string[];
  readonly config: RawConfig;
  readonly configSource: string;
}

/** A local path (folder or file), else a Hub id whose headers are read remotely; `--config` overrides the config beside it. */
export async function openCheckpoint(target: string, configPath?: string): Promise<OpenedCheckpoint> {
  const local = (path: string) => readJsonFile(path, 'config') as RawConfig;
  if (existsSync(target)) {
    const checkpoint = readCheckpoint(target);
    const source = configPath ?? join(checkpoint.folder, 'config.json');
    return { tensors: checkpoint.tensors, files: checkpoint.files, config: local(source), configSource: source };
  }
  const id = parseHubId(target);
  if (!id) throw new UserError(`${target}: no such file or folder, and not a Hub id (ORG/NAME)`, { field: 'checkpoint', received: target });
  const env = hubEnvironment();
  if (env.offline) throw new UserError(`${target}: verify reads the checkpoint's headers from the Hub, and HF_HUB_OFFLINE is set`, { field: 'checkpoint', received: target });
  const remote = await readRemoteCheckpoint(id, env);
  let config: RawConfig;
  if (configPath) config = local(configPath);
  else {
    const text = await hubFile(id, 'config.json', env, (line) => process.stderr.write(`${line}\n`));
    try {
      config = JSON.parse(text.replace(/^\uFEFF/, '')) as RawConfig;
    } catch (error) {
      throw new UserError(`${target}: its config.json is not valid JSON: ${(error as Error).message}`, { field: 'checkpoint', received: target });
    }
  }
  return { tensors: remote.tensors, files: remote.files, config, configSource: configPath ?? `${target}/config.json` };
}
