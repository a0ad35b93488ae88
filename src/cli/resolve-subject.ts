import { existsSync } from 'node:fs';
import { UserError } from '../errors/user-error.js';
import type { RawConfig } from '../models/config/config-fields.js';
import { allPresets, defaultPresetName, findPreset } from '../models/presets.js';
import { lookupTarget, unknownTarget } from '../targets/registry.js';
import { didYouMean } from '../errors/suggest.js';
import { deriveTarget } from '../report/derive-target.js';
import type { Report } from '../report/report.js';
import type { Setting } from '../targets/parameters.js';
import type { ModelRequest } from '../models/load-model.js';
import { readJsonFile } from '../files/read-json-file.js';
import { parseHubId } from '../hub/hub-id.js';
import { parseJson } from '../json/parse-json.js';
import { onDemand } from './on-demand.js';

/** What `tparams derive` was asked for. */
export interface DeriveRequest {
  target?: string;
  config?: string;
  className?: string;
  spec?: string;
  settings: Setting[];
  /** Read a checkpoint's header even where a family knows its `model_type`. */
  fromCheckpoint?: boolean;
}

/**
 * Decides what to derive: a `--spec` file, a `--config` file, a preset, a component or torch.nn
 * module, or, with nothing named, the default preset. The model machinery (families, the spec
 * schema) is loaded only when a model is asked for, so deriving a component starts fast.
 */
export async function deriveRequested(request: DeriveRequest): Promise<Report> {
  if (isCheckpoint(request)) {
    if (request.spec)
      throw new UserError('give a checkpoint or --spec FILE, not both', { field: '--spec' });
    const { deriveCheckpoint } = await onDemand.deriveCheckpoint();
    return deriveCheckpoint({
      target: request.target!,
      settings: request.settings,
      ...(request.config ? { config: request.config } : {}),
      ...(request.className ? { className: request.className } : {}),
      ...(request.fromCheckpoint ? { fromCheckpoint: true } : {}),
    });
  }
  if (request.fromCheckpoint)
    throw new UserError(
      `--from-checkpoint takes a checkpoint: a folder, a .safetensors, index or .gguf file, or a Hub id; ${request.target === undefined ? 'none was given' : `'${request.target}' is none of them`}`,
      { field: '--from-checkpoint', ...(request.target ? { received: request.target } : {}) },
    );
  const sources = [request.target, request.config, request.spec].filter((s) => s !== undefined);
  if (sources.length > 1) {
    throw new UserError('give one of: a target, --config FILE, or --spec FILE', {
      field: 'target',
    });
  }
  if (request.spec) {
    if (request.settings.length)
      throw new UserError('--set does not apply to --spec: edit the sizes in the spec file', {
        field: '--set',
      });
    const [{ specFromJson }, { modelReport }] = await Promise.all([
      onDemand.specFile(),
      onDemand.modelReport(),
    ]);
    const spec = specFromJson(readJsonFile(request.spec, 'spec'), request.spec);
    return modelReport(spec, `${spec.name} (${request.spec})`, {
      modelType: 'spec',
      className: spec.name,
      source: request.spec,
    });
  }
  if (request.config) {
    const config = readJsonFile(request.config, 'config') as RawConfig;
    const { deriveModel } = await onDemand.modelReport();
    return deriveModel({
      config,
      source: request.config,
      overrides: request.settings,
      ...classOf(request),
    });
  }
  const preset = findPreset(request.target ?? defaultPresetName);
  if (preset) {
    const { deriveModel } = await onDemand.modelReport();
    return deriveModel({
      config: preset.config,
      source: preset.repository,
      title: `${preset.name} (${preset.repository})`,
      overrides: request.settings,
      ...classOf(request),
    });
  }
  const hub = await hubRequest(request);
  if (hub) {
    // A repository whose model_type no family reads is derived from its checkpoint's headers.
    const [{ deriveModel }, { supportedModelTypes }, { deriveCheckpoint }] = await Promise.all([
      onDemand.modelReport(),
      onDemand.loadModel(),
      onDemand.deriveCheckpoint(),
    ]);
    const type = hub.model.config.model_type;
    if (
      typeof type === 'string' &&
      !supportedModelTypes().includes(type) &&
      !request.settings.length
    )
      return deriveCheckpoint({ target: request.target!, settings: [], ...classOf(request) });
    return deriveModel({ ...hub.model, title: hub.title });
  }
  if (!lookupTarget(request.target!))
    throw unknownTarget(
      request.target!,
      allPresets().map((p) => p.name),
    );
  if (request.className)
    throw new UserError(
      `--class applies to a model (a preset or --config), not to '${request.target}'`,
      { field: '--class' },
    );
  return deriveTarget(request.target!, request.settings);
}

/**
 * The model a command that rebuilds it (solve, sweep) asks for: a preset or a `--config` file,
 * with its overrides. A `--spec` file or a component has no config fields to vary.
 */
export async function modelRequestOf(
  request: DeriveRequest,
  command: string,
): Promise<{ model: ModelRequest; title: string }> {
  if (request.spec)
    throw new UserError(
      `${command} varies config fields: give a preset or --config FILE, not --spec`,
      { field: '--spec' },
    );
  if (request.target !== undefined && request.config !== undefined)
    throw new UserError('give one of: a target, or --config FILE', { field: 'target' });
  if (request.config) {
    const config = readJsonFile(request.config, 'config') as RawConfig;
    return {
      model: { config, source: request.config, overrides: request.settings, ...classOf(request) },
      title: request.config,
    };
  }
  const name = request.target ?? defaultPresetName;
  const preset = findPreset(name);
  const hub = preset ? undefined : await hubRequest(request);
  if (hub) return hub;
  if (!preset) {
    const hint = didYouMean(
      name,
      allPresets().map((p) => p.name),
    );
    throw new UserError(
      `${command} takes a model: '${name}' is not a preset (${hint ? `${hint} ` : ''}see 'tparams list') or a Hub id (ORG/NAME); give one, or --config FILE`,
      { field: 'target', received: name },
    );
  }
  return {
    model: {
      config: preset.config,
      source: preset.repository,
      overrides: request.settings,
      ...classOf(request),
    },
    title: `${preset.name} (${preset.repository})`,
  };
}

/**
 * A target that is a Hub repository id (`ORG/NAME[@REVISION]`, not a preset): its config.json,
 * fetched through the shared Hub cache. Undefined for anything else.
 */
async function hubRequest(
  request: DeriveRequest,
): Promise<{ model: ModelRequest; title: string } | undefined> {
  // (the Hub's modules load only for what is a repository id)
  const id = request.target !== undefined ? parseHubId(request.target) : undefined;
  if (!id) return undefined;
  const [{ hubFile }, { hubEnvironment }] = await Promise.all([
    onDemand.hubFile(),
    onDemand.hubEnvironment(),
  ]);
  const text = await hubFile(id, 'config.json', hubEnvironment(), (line) =>
    process.stderr.write(`${line}\n`),
  );
  const config = parseJson(text, `${request.target}: its config.json`) as RawConfig;
  return {
    model: { config, source: request.target!, overrides: request.settings, ...classOf(request) },
    title: request.target!,
  };
}

/**
 * A target read as a checkpoint: a path on disk that names no preset or component (a folder, a
 * `.safetensors`, an index or a `.gguf` file), or anything with `--from-checkpoint` but a preset.
 */
function isCheckpoint(request: DeriveRequest): boolean {
  const target = request.target;
  if (target === undefined) return false;
  if (request.fromCheckpoint) return !findPreset(target) && !lookupTarget(target);
  return existsSync(target) && !findPreset(target) && !lookupTarget(target);
}

const classOf = (request: DeriveRequest) =>
  request.className ? { className: request.className } : {};
