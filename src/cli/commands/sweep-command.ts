import { type Command, Option } from 'commander';
import { UserError } from '../../errors/user-error.js';
import { modelRequestOf } from '../resolve-subject.js';
import { atomicFileStream } from '../write-output.js';
import type { WeightType } from '../../analysis/memory.js';
import { onDemand } from '../on-demand.js';
import { modelCommand, requestOf, type ModelOptions } from '../model-options.js';
import { byteWideTypes, defaultWeightType } from '../../requests/defaults.js';
import { standardOutputStream } from '../standard-output.js';

interface SweepOptions extends ModelOptions {
  vary: string[];
  of: string;
  dtype: string;
  format: 'csv' | 'jsonl';
  output?: string;
}

async function progressBar(total: number) {
  const { SingleBar, Presets } = await import('cli-progress');
  const bar = new SingleBar(
    {
      stream: process.stderr,
      format: 'sweep [{bar}] {percentage}% | {value}/{total} rows | {eta}s left',
      hideCursor: true,
      clearOnComplete: true,
    },
    Presets.shades_classic,
  );
  bar.start(total, 0);
  return { update: (rows: number) => bar.update(rows), stop: () => bar.stop() };
}

/** `tparams sweep`: the count (or the weights' bytes) over a grid of config values, streamed as CSV or JSONL. */
export function sweepCommand(program: Command): void {
  modelCommand(
    program,
    'sweep',
    'every combination of config field values, counted with the compiled formula, streamed as CSV or JSON lines',
    { spec: false },
  )
    .option(
      '--vary <field=a..b[:step]>',
      'a config field and its values: FIELD=a..b, FIELD=a..b:step or FIELD=a,b,c (repeatable)',
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .option(
      '--of <measures>',
      "what to count, comma-separated: total, active, memory (the weights' bytes in --dtype)",
      'total',
    )
    .addOption(
      new Option('--dtype <dtype>', "with --of memory: the weights' data type")
        .choices(byteWideTypes)
        .default(defaultWeightType),
    )
    .addOption(
      new Option('-f, --format <format>', 'output format').choices(['csv', 'jsonl']).default('csv'),
    )
    .option(
      '-o, --output <file>',
      'write to a file (renamed into place when complete) instead of standard output',
    )
    .action(async (target: string | undefined, options: SweepOptions) => {
      const [{ parseCount }, { FieldModel }, { parseAxis, planSweep }, { writeSweep }] =
        await Promise.all([
          onDemand.counts(),
          onDemand.fieldModel(),
          onDemand.sweep(),
          onDemand.sweepWriter(),
        ]);
      if (!options.vary.length)
        throw new UserError('sweep needs --vary FIELD=a..b: the config fields to sweep', {
          field: '--vary',
        });
      const measures = options.of.split(',').map((m) => m.trim());
      for (const m of measures)
        if (!['total', 'active', 'memory'].includes(m))
          throw new UserError(
            `--of ${options.of}: expected total, active, memory, comma-separated`,
            { field: '--of', received: options.of },
          );
      const axes = options.vary.map((raw) => parseAxis(raw, parseCount));
      const request = await modelRequestOf(requestOf(target, options), 'sweep');
      const plan = planSweep(
        new FieldModel(request.model, options.dtype as WeightType),
        axes,
        measures as Array<'total' | 'active' | 'memory'>,
      );
      if (plan.path === 'built')
        process.stderr.write(`tparams: building every row (${plan.reason})\n`);
      const progress =
        process.stderr.isTTY && plan.rows >= 100_000n
          ? await progressBar(Number(plan.rows))
          : undefined;
      const file = options.output ? atomicFileStream(options.output) : undefined;
      try {
        const { refused } = await writeSweep(
          plan,
          options.format,
          file?.stream ?? standardOutputStream(),
          progress,
        );
        await file?.commit();
        if (refused)
          process.stderr.write(
            `tparams: ${refused} combination${refused === 1 ? '' : 's'} the model does not accept (marked refused)\n`,
          );
      } catch (error) {
        file?.abandon();
        throw error;
      }
    });
}
