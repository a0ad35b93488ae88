import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const cliPath = fileURLToPath(new URL('../../dist/cli/tparams.cjs', import.meta.url));

/** `tparams serve`: the built page on 127.0.0.1, until Ctrl-C. */
describe('tparams serve', () => {
  it('serves the page on 127.0.0.1, nothing outside dist/web, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [cliPath, 'serve', '--port', '0']);
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        const match = /the web page is at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (match) resolve(match[1]!);
      });
      child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
    });
    const page = await fetch(`${url}?model=gpt2`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('<script type="module" src="app.js">');
    const script = await fetch(`${url}app.js`);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    // Neither a path that climbs out nor an encoded one reaches the rest of the package.
    for (const path of ['../package.json', '..%2Fpackage.json', '%2e%2e/%2e%2e/package.json'])
      expect((await fetch(`${url}${path}`)).status).toBe(404);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 30_000);

  it('a bad or busy port is one line, exit 2', async () => {
    const bad = runCli(['serve', '--port', 'eighty']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('tparams: --port eighty: expected a port number from 0 to 65535\n');
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    const busy = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [cliPath, 'serve', '--port', String(port)]);
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('close', (code) => resolve({ code, stderr }));
    });
    taken.close();
    expect(busy.code).toBe(2);
    expect(busy.stderr).toBe(
      `tparams: --port ${port}: already in use; pick another, or --port 0 for any free one\n`,
    );
  }, 30_000);
});
