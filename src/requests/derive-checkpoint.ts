import { openCheckpoint } from '../checkpoint/open-checkpoint.js';
import type { Report } from '../report/report.js';
import type { Setting } from '../targets/parameters.js';
import { deriveHeader } from './derive-header.js';

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
  const opened = await openCheckpoint(request.target, request.config);
  return deriveHeader({
    tensors: opened.tensors,
    config: opened.config,
    configSource: opened.configSource,
    target: request.target,
    ...(request.className ? { className: request.className } : {}),
    ...(request.fromCheckpoint ? { fromCheckpoint: true } : {}),
    settings: request.settings,
  });
}
