import { type Command, Option } from 'commander';
import { UserError } from '../../errors/user-error.js';
import { deriveRequested } from '../resolve-subject.js';
import { onDemand } from '../on-demand.js';
import { writeStandardOutput } from '../standard-output.js';

/** `tparams diff`: two models compared symbol by symbol and component by component. */
export function diffCommand(program: Command): void {
  program
    .command('diff')
    .description(
      'compare two models: the symbols that differ, the totals, and each component that differs',
    )
    .argument('<a>', 'a preset, a Hub id (ORG/NAME[@REVISION]) or a config.json file')
    .argument('<b>', 'a preset, a Hub id (ORG/NAME[@REVISION]) or a config.json file')
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['text', 'json'])
        .default('text'),
    )
    .action(async (a: string, b: string, options: { format: 'text' | 'json' }) => {
      const model = (name: string) =>
        deriveRequested(
          name.endsWith('.json') ? { config: name, settings: [] } : { target: name, settings: [] },
        );
      const [left, right] = await Promise.all([model(a), model(b)]);
      for (const [name, report] of [
        [a, left],
        [b, right],
      ] as const) {
        if (!report.model)
          throw new UserError(
            `${name} is not a model: diff compares two models (presets or config.json files)`,
            { field: 'diff', received: name },
          );
      }
      const [{ diffModels }, { diffText, diffJson }] = await Promise.all([
        onDemand.diff(),
        onDemand.diffReport(),
      ]);
      const diff = diffModels(left, right);
      writeStandardOutput(
        options.format === 'json' ? `${JSON.stringify(diffJson(diff), null, 2)}\n` : diffText(diff),
      );
    });
}
