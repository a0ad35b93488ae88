import type { Command } from 'commander';
import { writeStandardOutput } from '../standard-output.js';

/** `tparams list`: every target with a one-line description. */
export function listCommand(program: Command): void {
  program
    .command('list')
    .description('list every target with a one-line description')
    .action(async () => {
      const { listTargets } = await import('../list.js');
      writeStandardOutput(listTargets());
    });
}
