import { spawnSync } from 'node:child_process';

/**
 * Processes measured side by side: medians of interleaved wall-clock runs, or (with
 * TPARAMS_BENCH_INSTRUCTIONS=1) medians of 3 counts of instructions under valgrind's callgrind,
 * all threads, in millions: a count does not depend on what else loads the machine, though V8's
 * helper threads (the collector's, the compiler's) vary by a few percent, by a third on a run that
 * collects a lot (the 74,391-tensor header: 3.6–5.9 G in single runs).
 */
export const byInstructions = process.env.TPARAMS_BENCH_INSTRUCTIONS === '1';
export const processUnit = byInstructions ? 'M instr' : 'ms';

/**
 * The environment measured processes run in: this one's, without NODE_EXTRA_CA_CERTS (unless
 * TPARAMS_BENCH_KEEP_ENV=1). With it set (some sandboxes and corporate machines set it to the
 * system's whole bundle), every Node start parses those certificates before running a line — 416 M
 * instructions, some 25 ms, for Debian's 220 KB bundle, more than four times bare Node's own
 * start — on both sides of every ratio, which hides the program's own cost in the machine's.
 */
export const measuredEnv: NodeJS.ProcessEnv =
  process.env.TPARAMS_BENCH_KEEP_ENV === '1'
    ? process.env
    : Object.fromEntries(
        Object.entries(process.env).filter(([name]) => name !== 'NODE_EXTRA_CA_CERTS'),
      );

/** A command to measure: Node's arguments, and what its output must show for the run to count. */
export interface Measured {
  args: readonly string[];
  expect?: (stdout: string) => boolean;
}

export const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[values.length >> 1]!;

/** Node run on `args` in the measured environment; throws when it fails or its output lacks `expect`. */
export function runNode(
  { args, expect }: Measured,
  launcher: readonly string[] = [],
): { stdout: string; stderr: string } {
  const [file, ...rest] = [...launcher, process.execPath, ...args];
  const run = spawnSync(file!, rest, {
    encoding: 'utf8',
    env: measuredEnv,
    // A page inlines KaTeX's fonts: more than spawnSync's default 1 MiB of output.
    maxBuffer: 1 << 28,
  });
  if (run.status !== 0 || (expect && !expect(run.stdout)))
    throw new Error(`${rest.join(' ')}: exit ${run.status}: ${run.stderr.slice(-400)}`);
  return run;
}

function timed(command: Measured): number {
  const start = performance.now();
  runNode(command);
  return performance.now() - start;
}

function instructions(command: Measured): number {
  const { stderr } = runNode(command, [
    'valgrind',
    '--tool=callgrind',
    '--callgrind-out-file=/dev/null',
  ]);
  const count = /Collected : (\d+)/.exec(stderr)?.[1];
  if (!count) throw new Error(`valgrind node ${command.args.join(' ')}: no count`);
  return Number(count) / 1e6;
}

/**
 * Each command's median of `runs` interleaved runs, in milliseconds, after a first run of each that
 * warms the file cache; or, counting instructions, of 3 runs.
 */
export function interleaved(commands: readonly Measured[], runs = 7): number[] {
  if (byInstructions)
    return commands.map((command) => median([1, 2, 3].map(() => instructions(command))));
  for (const command of commands) timed(command);
  const times = commands.map(() => [] as number[]);
  for (let i = 0; i < runs; i++)
    for (const [k, command] of commands.entries()) times[k]!.push(timed(command));
  return times.map(median);
}
