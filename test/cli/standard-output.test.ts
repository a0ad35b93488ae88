import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

/**
 * A command's output goes to standard output in one synchronous write of its own
 * (src/cli/standard-output.ts), not through process.stdout: it must still arrive whole through a
 * pipe much larger than the pipe's buffer, and a reader that stops early must end the run quietly.
 */
const cli = fileURLToPath(new URL('../../dist/cli/tparams.cjs', import.meta.url));
const page = ['derive', 'deepseek-v3', '--format', 'html'];

describe('standard output', () => {
  it('arrives whole through a pipe: a page many times the 64 KiB a pipe holds, ending as the page ends', () => {
    const { code, stdout, stderr } = runCli(page);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout.length).toBeGreaterThan(8 * 65_536);
    expect(stdout.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('ends quietly, with exit 0, when the reader stops after the first bytes (`| head`)', async () => {
    const child = spawn(process.execPath, [cli, ...page], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });
});
