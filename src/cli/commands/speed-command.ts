import { type Command, Option } from 'commander';
import { UserError } from '../../errors/user-error.js';
import type { CacheType } from '../../analysis/kv-cache.js';
import type { WeightType } from '../../analysis/memory.js';
import { cacheTypeNames, defaultWeightType, weightTypeNames } from '../../requests/defaults.js';
import type { SpeedRequest } from '../../requests/speed-request.js';
import { parseBandwidth, parseTflops } from '../hardware-options.js';
import { onDemand } from '../on-demand.js';
import { derivedModel, modelCommand, type ModelOptions } from '../model-options.js';
import { writeStandardOutput } from '../standard-output.js';

export interface SpeedOptions extends ModelOptions {
  gpu?: string;
  dtype: string;
  kvDtype?: string;
  context?: string;
  batch: string;
  bandwidth?: string;
  tflops?: string;
  format: 'text' | 'json';
}

/** The command's options as a typed request: every count parsed, each named by its option. */
export async function speedRequestOf(options: SpeedOptions): Promise<SpeedRequest> {
  const { parseCount } = await onDemand.counts();
  const count = (flag: string, raw: string | undefined, kind?: 'context') =>
    raw === undefined ? undefined : parseCount(flag, raw, kind);
  const context = count('--context', options.context, 'context');
  const request: SpeedRequest = {
    weights: { dtype: options.dtype as WeightType },
    ...(options.kvDtype !== undefined ? { kvDtype: options.kvDtype as CacheType } : {}),
    ...(context !== undefined ? { context } : {}),
    batch: parseCount('--batch', options.batch),
    ...(options.gpu !== undefined
      ? { gpu: (await onDemand.gpuTable()).parseGpu(options.gpu) }
      : {}),
    ...(options.bandwidth !== undefined ? { bandwidth: parseBandwidth(options.bandwidth) } : {}),
    ...(options.tflops !== undefined ? { peak: parseTflops(options.tflops) } : {}),
  };
  if (!request.gpu && request.bandwidth === undefined)
    throw new UserError('speed: --gpu NAME (or --bandwidth GB/s) is required', {
      field: '--gpu',
      expected: 'a GPU name from the table',
    });
  return request;
}

/** `tparams speed`: a roofline of decode and prefill on GPUs, as derivations and bounds. */
export function speedCommand(program: Command): void {
  modelCommand(
    program,
    'speed',
    'a roofline on GPUs: decode tokens/s (an upper bound) from the bytes a step reads, prefill time from its FLOPs',
    { spec: true },
  )
    .option(
      '--gpu <name>',
      'a GPU from the table, NAME[xN] for several (rtx-4090, h100-sxm, h100x8)',
    )
    .addOption(
      new Option('--dtype <dtype>', 'weight data type, as memory takes it')
        .choices(weightTypeNames)
        .default(defaultWeightType),
    )
    .addOption(
      new Option(
        '--kv-dtype <dtype>',
        "KV cache data type (default: the weights' when 16 or 32 bits, else bf16)",
      ).choices(cacheTypeNames),
    )
    .option(
      '--context <n>',
      "tokens of prompt, and the cache a decoded token reads (default 512, llama-bench's prompt)",
    )
    .option('--batch <n>', 'sequences decoded together', '1')
    .option(
      '--bandwidth <GB/s>',
      "one GPU's memory bandwidth instead of the table's (1008, 3.35TB/s)",
    )
    .option(
      '--tflops <n>',
      "one GPU's dense peak TFLOPS in the compute type instead of the table's",
    )
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['text', 'json'])
        .default('text'),
    )
    .action(async (target: string | undefined, options: SpeedOptions) => {
      const [{ speedFigures }, { speedJson, speedText }] = await Promise.all([
        onDemand.speedRequest(),
        onDemand.speedReport(),
      ]);
      const request = await speedRequestOf(options);
      const report = await derivedModel('speed', target, options);
      const figures = speedFigures(report, request);
      writeStandardOutput(
        options.format === 'json'
          ? `${JSON.stringify(speedJson(report, figures), null, 2)}\n`
          : speedText(report, figures),
      );
    });
}
