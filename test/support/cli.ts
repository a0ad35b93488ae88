import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const cliPath = fileURLToPath(new URL('../../dist/cli/tparams.cjs', import.meta.url));

/** Runs the built CLI as a user would; `npm test` builds first. */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  if (!existsSync(cliPath))
    throw new Error(`${cliPath} is missing: run 'npm run build' (npm test does)`);
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    encoding: 'utf8',
    // (a page inlines KaTeX's fonts: more than spawnSync's default 1 MiB)
    maxBuffer: 1 << 28,
    cwd: options.cwd,
    ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Runs the built CLI without blocking this process, for tests that serve it something (a Hub on
 * 127.0.0.1) from the same event loop.
 */
export function runCliAsync(
  args: string[],
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      env: { ...process.env, ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** What a run of the CLI left: its exit code and both streams. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * A user mistake as the CLI must report it: nothing on standard output, exit 2, one line on
 * standard error that matches `message`, and no stack trace.
 */
export function expectUserErrorLine(run: CliRun, message: RegExp): void {
  expect(run.stdout).toBe('');
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr.trimEnd().split('\n'), run.stderr).toHaveLength(1);
  expect(run.stderr.trimEnd()).toMatch(message);
  expect(run.stderr).not.toMatch(/internal error| {4}at /);
}
