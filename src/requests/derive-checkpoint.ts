import { existsSync } from 'node:fs';
import { readGguf } from '../checkpoint/gguf.js';
import { openCheckpoint } from '../checkpoint/open-checkpoint.js';
import type { Report } from '../report/report.js';
import type { Setting } from '../targets/parameters.js';
import { deriveHeader, type HeaderRequest } from './derive-header.js';

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
 * named from the config (derive-header.ts). Only headers are read, never the tensors' data.
 */
export async function deriveCheckpoint(request: CheckpointRequest): Promise<Report> {
  return deriveHeader({
    ...(await opened(request)),
    target: request.target,
    ...(request.className ? { className: request.className } : {}),
    ...(request.fromCheckpoint ? { fromCheckpoint: true } : {}),
    settings: request.settings,
  });
}

/**
 * The checkpoint's tensors and config. A GGUF file of an architecture no family rebuilds (all but
 * llama, qwen2 and qwen3) names its dimensions from its own metadata, so it needs no config.json.
 */
async function opened(
  request: CheckpointRequest,
): Promise<Pick<HeaderRequest, 'tensors' | 'config' | 'configSource' | 'metadataOnly'>> {
  const { target } = request;
  if (request.config || !target.endsWith('.gguf') || !existsSync(target)) {
    const checkpoint = await openCheckpoint(target, request.config);
    return {
      tensors: checkpoint.tensors,
      config: checkpoint.config,
      configSource: checkpoint.configSource,
    };
  }
  const file = await readGguf(target);
  return {
    tensors: file.tensors,
    config: file.config ?? file.sizes,
    configSource: `${target} (GGUF metadata)`,
    ...(file.config ? {} : { metadataOnly: true }),
  };
}
