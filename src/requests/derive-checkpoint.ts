import { existsSync } from 'node:fs';
import { readGguf } from '../checkpoint/gguf.js';
import { openCheckpoint, type OpenedCheckpoint } from '../checkpoint/open-checkpoint.js';
import { UserError } from '../errors/user-error.js';
import { headerModel } from '../header-model/header-spec.js';
import { supportedModelTypes } from '../models/load-model.js';
import type { Report, StoredWeights } from '../report/report.js';
import type { TensorInfo } from '../checkpoint/safetensors.js';
import type { Setting } from '../targets/parameters.js';
import { deriveModel, modelReport } from './derive-model.js';

/** What `tparams derive PATH` was asked: the checkpoint, its config, and whether to read the header even where a family knows the type. */
export interface CheckpointRequest {
  readonly target: string;
  readonly config?: string;
  readonly className?: string;
  readonly fromCheckpoint?: boolean;
  readonly settings: readonly Setting[];
}

/**
 * Derives a checkpoint: by its family where one reads the config's `model_type` (as `--config`
 * would), else (or with `fromCheckpoint`) from the header's names and shapes, its dimensions
 * named from the config. Only headers are read, never the tensors' data.
 */
export async function deriveCheckpoint(request: CheckpointRequest): Promise<Report> {
  const { opened, metadataOnly } = await openForDerive(request);
  const modelType = opened.config.model_type;
  // A GGUF file's metadata names sizes, not a family's config: its architecture is read from the header.
  const known =
    !metadataOnly && typeof modelType === 'string' && supportedModelTypes().includes(modelType);
  if (known && !request.fromCheckpoint)
    return deriveModel({
      config: opened.config,
      source: opened.configSource,
      overrides: [...request.settings],
      ...(request.className ? { className: request.className } : {}),
    });
  if (request.settings.length)
    throw new UserError(
      '--set does not apply to a derivation read from a header: its sizes are the tensors’ shapes',
      { field: '--set' },
    );
  const { spec, buffers } = headerModel(
    opened.tensors,
    opened.config,
    request.target,
    request.target.endsWith('.gguf'),
  );
  const architecture = Array.isArray(opened.config.architectures)
    ? String(opened.config.architectures[0])
    : undefined;
  const report = modelReport(spec, `${architecture ?? 'checkpoint'} (${request.target})`, {
    modelType: typeof modelType === 'string' ? modelType : 'unknown',
    className: architecture ?? 'unknown',
    source: request.target,
  });
  return {
    ...report,
    model: {
      ...report.model!,
      fromHeader: {
        tensors: opened.tensors.size - buffers.length,
        buffers,
        configSource: opened.configSource,
        ...storedWeights(opened.tensors, new Set(buffers)),
        why: metadataOnly
          ? 'gguf'
          : known
            ? 'asked'
            : typeof modelType === 'string'
              ? 'unknown'
              : 'none',
      },
    },
  };
}

/**
 * The checkpoint and its config. A GGUF file of an architecture no family rebuilds (anything but
 * llama, qwen2 and qwen3) names its dimensions from its own metadata, so it needs no config.json.
 */
async function openForDerive(
  request: CheckpointRequest,
): Promise<{ opened: OpenedCheckpoint; metadataOnly: boolean }> {
  const { target } = request;
  if (request.config || !target.endsWith('.gguf') || !existsSync(target))
    return { opened: await openCheckpoint(target, request.config), metadataOnly: false };
  const file = await readGguf(target);
  const opened = {
    tensors: file.tensors,
    files: [target],
    config: file.config ?? file.sizes,
    configSource: `${target} (GGUF metadata)`,
    namesComparable: file.namesMapped,
  };
  return { opened, metadataOnly: file.config === undefined };
}

/** What the parameters (not the buffers) take as stored, when every tensor's size is known. */
function storedWeights(
  tensors: ReadonlyMap<string, TensorInfo>,
  buffers: ReadonlySet<string>,
): { stored?: StoredWeights } {
  const byDtype = new Map<string, { tensors: number; bytes: bigint }>();
  for (const [name, info] of tensors) {
    if (buffers.has(name)) continue;
    if (info.bytes === undefined) return {};
    const row = byDtype.get(info.dtype) ?? { tensors: 0, bytes: 0n };
    row.tensors++;
    row.bytes += BigInt(info.bytes);
    byDtype.set(info.dtype, row);
  }
  const rows = [...byDtype].map(([dtype, r]) => ({ dtype, ...r }));
  rows.sort((a, b) => (a.bytes > b.bytes ? -1 : a.bytes < b.bytes ? 1 : 0));
  return { stored: { bytes: rows.reduce((n, r) => n + r.bytes, 0n), byDtype: rows } };
}
