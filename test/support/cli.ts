import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cliPath = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/** Runs the built CLI as a user would; `npm test` builds first. */
export function runCli(args: string[], options: { cwd?: string } = {}) {
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run 'npm run build' (npm test does)`);
  const result = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', cwd: options.cwd });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
