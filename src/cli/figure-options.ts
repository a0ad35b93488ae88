import { oneOf, UserError } from '../errors/user-error.js';
import type { KvEngine } from '../analysis/kv-engines.js';
import type { FigureOptions } from '../requests/model-figures.js';
import { figureFormats, type FormatName } from './formats.js';
import { onDemand } from './on-demand.js';

/** `tparams derive`'s options for a document's figures, as commander hands them over. */
export interface DocumentFigureOptions {
  gpu?: string;
  loraRank?: string;
  targetModules?: string;
  engine?: string;
}

/** The option names, for the message when a format does not take them. */
const optionNames: Record<keyof DocumentFigureOptions, string> = {
  gpu: '--gpu',
  loraRank: '--lora-rank',
  targetModules: '--target-modules',
  engine: '--engine',
};

/**
 * The figure options a document (or the JSON) assumes, each parsed and named by its option; none
 * when none is given. The GPU table and LoRA's parser load only when an option asks for them.
 */
export async function figureOptionsOf(
  options: DocumentFigureOptions,
  format: FormatName,
): Promise<FigureOptions | undefined> {
  const given = (Object.keys(optionNames) as (keyof DocumentFigureOptions)[]).filter(
    (k) => options[k] !== undefined,
  );
  if (given.length === 0) return undefined;
  if (!figureFormats.includes(format))
    throw new UserError(
      `${optionNames[given[0]!]} applies to --format ${oneOf(figureFormats)}, not ${format} (tparams speed, lora and memory print the same figures as text)`,
      { field: optionNames[given[0]!], received: format },
    );
  const gpu =
    options.gpu === undefined ? undefined : (await onDemand.gpuTable()).parseGpu(options.gpu);
  const lora =
    options.loraRank !== undefined || options.targetModules !== undefined
      ? (await onDemand.loraParse()).loraRequestOf({
          ...(options.targetModules !== undefined ? { targetModules: options.targetModules } : {}),
        })
      : undefined;
  const rank =
    options.loraRank === undefined
      ? undefined
      : (await onDemand.counts()).parseCount('--lora-rank', options.loraRank);
  return {
    ...(gpu ? { gpu } : {}),
    // (commander has checked the name against the engines)
    ...(options.engine ? { engine: options.engine as KvEngine } : {}),
    ...(lora
      ? {
          lora: {
            rank: rank ?? lora.rank,
            alpha: lora.alpha,
            ...(lora.targets ? { targetModules: lora.targets } : {}),
          },
        }
      : {}),
  };
}
