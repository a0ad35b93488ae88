import type { TensorInfo } from '../checkpoint/safetensors-header.js';
import { UserError } from '../errors/user-error.js';
import { headerModel } from '../header-model/header-spec.js';
import type { RawConfig } from '../models/config/config-fields.js';
import { supportedModelTypes } from '../models/load-model.js';
import type { Report } from '../report/report.js';
import type { Setting } from '../targets/parameters.js';
import { deriveModel, modelReport } from './derive-model.js';

/** A checkpoint's header already read (by the CLI from disk, by the web page from a dropped file) and its config. */
export interface HeaderRequest {
  readonly tensors: ReadonlyMap<string, TensorInfo>;
  readonly config: RawConfig;
  /** Where the config came from, as the report says it. */
  readonly configSource: string;
  /** What the checkpoint is called in the report: the path given, or the dropped file's name. */
  readonly target: string;
  readonly className?: string;
  /** Read the header even where a family knows the config's `model_type`. */
  readonly fromCheckpoint?: boolean;
  readonly settings: readonly Setting[];
}

/**
 * Derives a checkpoint whose header is read: by its family where one reads the config's
 * `model_type` (as `--config` would), else (or with `fromCheckpoint`) from the header's names and
 * shapes, its dimensions named from the config. The CLI and the web page both call this.
 */
export function deriveHeader(request: HeaderRequest): Report {
  const { tensors, config, target } = request;
  const modelType = config.model_type;
  const known = typeof modelType === 'string' && supportedModelTypes().includes(modelType);
  if (known && !request.fromCheckpoint)
    return deriveModel({
      config,
      source: request.configSource,
      overrides: [...request.settings],
      ...(request.className ? { className: request.className } : {}),
    });
  if (request.settings.length)
    throw new UserError(
      '--set does not apply to a derivation read from a header: its sizes are the tensors’ shapes',
      { field: '--set' },
    );
  const { spec, buffers } = headerModel(tensors, config, target);
  const architecture = Array.isArray(config.architectures)
    ? String(config.architectures[0])
    : undefined;
  const report = modelReport(spec, `${architecture ?? 'checkpoint'} (${target})`, {
    modelType: typeof modelType === 'string' ? modelType : 'unknown',
    className: architecture ?? 'unknown',
    source: target,
  });
  return {
    ...report,
    model: {
      ...report.model!,
      fromHeader: {
        tensors: tensors.size - buffers.length,
        buffers,
        configSource: request.configSource,
        why: known ? 'asked' : typeof modelType === 'string' ? 'unknown' : 'none',
      },
    },
  };
}
