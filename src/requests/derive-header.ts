import type { TensorInfo } from '../checkpoint/safetensors-header.js';
import { UserError } from '../errors/user-error.js';
import { headerModel } from '../header-model/header-spec.js';
import type { RawConfig } from '../models/config/config-fields.js';
import { configWithDefaults } from '../models/config-defaults.js';
import { supportedModelTypes } from '../models/load-model.js';
import type { Report, StoredWeights } from '../report/report.js';
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
  /**
   * The config is a GGUF file's metadata sizes, not a family's config: the header is read
   * whatever its `model_type` (the architecture) says, and the model generates.
   */
  readonly metadataOnly?: boolean;
  readonly settings: readonly Setting[];
}

/**
 * Derives a checkpoint whose header is read: by its family where one reads the config's
 * `model_type` (as `--config` would), else (or with `fromCheckpoint`) from the header's names and
 * shapes, its dimensions named from the config. The CLI and the web page both call this.
 */
export function deriveHeader(request: HeaderRequest): Report {
  const { tensors, config, target, metadataOnly } = request;
  const modelType = config.model_type;
  const known =
    !metadataOnly && typeof modelType === 'string' && supportedModelTypes().includes(modelType);
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
  // A family's config class fills in what the config.json leaves to it, to name more dimensions.
  const named = known ? configWithDefaults(config) : config;
  const { spec, buffers } = headerModel(tensors, named, target, metadataOnly === true);
  const architecture = Array.isArray(config.architectures)
    ? String(config.architectures[0])
    : undefined;
  const report = modelReport(spec, `${architecture ?? 'checkpoint'} (${target})`, {
    modelType: typeof modelType === 'string' ? modelType : 'unknown',
    className: architecture ?? 'unknown',
    source: target,
  });
  const why = metadataOnly
    ? 'gguf'
    : known
      ? 'asked'
      : typeof modelType === 'string'
        ? 'unknown'
        : 'none';
  return {
    ...report,
    model: {
      ...report.model!,
      fromHeader: {
        tensors: tensors.size - buffers.length,
        buffers,
        configSource: request.configSource,
        ...storedWeights(tensors, new Set(buffers)),
        why,
      },
    },
  };
}

/** What the parameters (not the buffers) take as stored, when every tensor's size is known. */
function storedWeights(
  tensors: ReadonlyMap<string, TensorInfo>,
  buffers: ReadonlySet<string>,
): { stored?: StoredWeights } {
  // Summed as numbers, exact while below 2^53 bytes (8 PiB); a sum past it is summed again exactly.
  const byDtype = new Map<string, { tensors: number; bytes: number }>();
  const some = buffers.size > 0; // most headers have none, so 74,391 names are not hashed for them
  let unknown = false;
  // forEach, not for…of: see moduleTree (a cold for…of costs an entry array and more a name).
  tensors.forEach((info, name) => {
    if (unknown || (some && buffers.has(name))) return;
    if (info.bytes === undefined) {
      unknown = true;
      return;
    }
    let row = byDtype.get(info.dtype);
    if (!row) {
      row = { tensors: 0, bytes: 0 };
      byDtype.set(info.dtype, row);
    }
    row.tensors++;
    row.bytes += info.bytes;
  });
  if (unknown) return {};
  const exactly = (dtype: string) => {
    let sum = 0n;
    tensors.forEach((info, name) => {
      if (info.dtype === dtype && !buffers.has(name)) sum += BigInt(info.bytes!);
    });
    return sum;
  };
  const rows = [...byDtype].map(([dtype, r]) => ({
    dtype,
    tensors: r.tensors,
    bytes: Number.isSafeInteger(r.bytes) ? BigInt(r.bytes) : exactly(dtype),
  }));
  rows.sort((a, b) => (a.bytes > b.bytes ? -1 : a.bytes < b.bytes ? 1 : 0));
  return { stored: { bytes: rows.reduce((n, r) => n + r.bytes, 0n), byDtype: rows } };
}
