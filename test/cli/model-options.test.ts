import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

/** The figures' commands take a whole model; a component is refused in one line (model-options.ts). */
describe('a component given to a command that sizes models', () => {
  it.each([
    ['memory', []],
    ['flops', []],
    ['speed', ['--gpu', 'h100']],
    ['lora', []],
  ])('%s attention: exit 2, one line naming what it takes', (command, extra) => {
    const run = runCli([command, 'attention', ...extra]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `tparams: attention is not a model: ${command} takes a model (a preset, a Hub id, --config, --spec or a checkpoint), not a component\n`,
    );
  });
});
