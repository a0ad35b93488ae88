#!/usr/bin/env node
import { createRequire } from 'node:module';
import { Command, CommanderError, InvalidArgumentError, type Option } from 'commander';
import { didYouMean } from '../errors/suggest.js';
import { UserError } from '../errors/user-error.js';
import { escapeTerminal } from '../render/escape.js';
import { commands } from './commands/registry.js';
import { USER_ERROR } from './exit-codes.js';
import { blockThreadFlag } from './blocks/thread-flag.js';

function buildProgram(argv: readonly string[]): Command {
  const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };
  const program = new Command('tparams')
    .description('Derive the exact parameter count of a transformer, step by step.')
    .version(version)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  const named = argv[2];
  const known = named !== undefined && Object.hasOwn(commands, named);
  for (const [name, add] of Object.entries(commands)) if (!known || name === named) add(program);
  for (const command of program.commands) command.options.forEach(suggestingChoices);
  return program;
}

/** An option with a fixed set of values answers a mistyped one with the nearest (`--format jsn`: did you mean json?). */
function suggestingChoices(option: Option): void {
  const parse = option.parseArg;
  if (!option.argChoices || !parse) return;
  option.parseArg = <T>(value: string, previous: T): T => {
    try {
      return parse(value, previous);
    } catch (error) {
      const hint =
        error instanceof InvalidArgumentError ? didYouMean(value, option.argChoices ?? []) : '';
      throw hint ? new InvalidArgumentError(`${hint} ${(error as Error).message}`) : error;
    }
  };
}

/** Runs one command line (`argv` as `process.argv`: node, the script, then the arguments). */
export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram(argv).parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message; help and version are not failures.
      process.exitCode = error.exitCode === 0 ? 0 : USER_ERROR;
      return;
    }
    if (error instanceof UserError) {
      // A message may quote the user's input: its control characters are shown, never sent to the terminal.
      process.stderr.write(`tparams: ${escapeTerminal(error.message)}\n`);
      process.exitCode = USER_ERROR;
      return;
    }
    const mapped =
      process.execArgv.includes('--enable-source-maps') ||
      /--enable-source-maps/.test(process.env.NODE_OPTIONS ?? '');
    process.stderr.write(
      `tparams: internal error (please report it${mapped ? '' : '; NODE_OPTIONS=--enable-source-maps shows the source lines'}): ${(error as Error).stack ?? String(error)}\n`,
    );
    process.exitCode = 1;
  }
}

/**
 * This process's command: run as the bundle loads (src/cli/bundle-loader.ts), and exported so the
 * build's code-cache writer can await it before it runs further command lines in the same script.
 * In a helper thread of `tparams render` (started from the same script, so from the same code
 * cache, with `blockThreadFlag`) the script serves blocks instead: the thread's module does so as
 * it loads. Outside a thread the flag is a command line's like any other (an unknown option).
 */
export const run: Promise<void> =
  process.argv[2] === blockThreadFlag
    ? import('./blocks/block-thread.js').then(({ serving }) =>
        serving ? undefined : main(process.argv),
      )
    : main(process.argv);
