import { type Command, Option } from 'commander';
import { onDemand } from '../on-demand.js';
import { derivedModel, modelCommand, type ModelOptions } from '../model-options.js';
import type { FlopsRequest } from '../../requests/compute-request.js';
import { writeStandardOutput } from '../standard-output.js';

/** What `tparams flops` takes beyond the model. */
export interface FlopsOptions extends ModelOptions {
  context?: string;
  tokens?: string;
  batch: string;
  format: 'text' | 'json';
}

/** The command's options as a typed request: every count parsed, each named by its option. */
export async function flopsRequestOf(options: FlopsOptions): Promise<FlopsRequest> {
  const { parseCount } = await onDemand.counts();
  return {
    ...(options.context !== undefined
      ? { context: parseCount('--context', options.context, 'context') }
      : {}),
    ...(options.tokens !== undefined
      ? { tokens: parseCount('--tokens', options.tokens, 'decimal') }
      : {}),
    batch: parseCount('--batch', options.batch),
  };
}

/** `tparams flops`: compute as derivations: forward FLOPs per token, training FLOPs, compute-optimal tokens. */
export function flopsCommand(program: Command): void {
  modelCommand(
    program,
    'flops',
    'compute as derivations: forward FLOPs per token, training FLOPs for --tokens, compute-optimal tokens',
    { spec: true },
  )
    .option(
      '--context <n>',
      "tokens of context, e.g. 4096 or 32k (= 32,768; default: the model's longest, else 2048)",
    )
    .option('--tokens <n>', 'training tokens, e.g. 300e9, 15.6e12, 2T or 1.5T (decimal: T = 10^12)')
    .option('--batch <n>', "sequences per iteration, for Megatron's per-iteration formula", '1')
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['text', 'json'])
        .default('text'),
    )
    .action(async (target: string | undefined, options: FlopsOptions) => {
      const request = await flopsRequestOf(options);
      const report = await derivedModel('flops', target, options);
      const [{ flopsFigures }, { computeText, computeJson }] = await Promise.all([
        onDemand.computeRequest(),
        onDemand.computeReport(),
      ]);
      const figures = flopsFigures(report, request);
      writeStandardOutput(
        options.format === 'json'
          ? `${JSON.stringify(computeJson(report, figures), null, 2)}\n`
          : computeText(report, figures),
      );
    });
}
