import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

/** The built CLI: one script with V8's code cache beside it (src/cli/bundle.ts, bundle-loader.ts). */
const dist = new URL('../../dist/cli/', import.meta.url);

describe('the CLI script and its code cache', () => {
  it('is ASCII, so the loader may read it as Latin-1', () => {
    const bytes = readFileSync(new URL('tparams-script.js', dist));
    expect(bytes.findIndex((byte) => byte > 0x7f)).toBe(-1);
  });

  it('has a cache this Node accepts', () => {
    const filename = fileURLToPath(new URL('tparams-script.js', dist));
    const script = new vm.Script(readFileSync(filename, 'latin1'), {
      filename,
      cachedData: readFileSync(new URL('tparams-script.cache', dist)),
    });
    expect(script.cachedDataRejected).toBe(false);
  });

  it('answers with the cache as without it (V8 flags other than the build’s reject it)', () => {
    const args = ['derive', 'attention', '--set', 'd_model=512'];
    const cached = runCli(args);
    // --no-opt is a V8 flag: the flags' hash differs, V8 rejects the cache and compiles the script.
    const main = fileURLToPath(new URL('tparams.cjs', dist));
    const compiled = spawnSync(process.execPath, ['--no-opt', main, ...args], { encoding: 'utf8' });
    expect(cached.stdout).toContain('1,050,624');
    expect({ code: compiled.status, stdout: compiled.stdout, stderr: compiled.stderr }).toEqual(
      cached,
    );
  });

  it('answers the same from dist/cli/main.js, the ES-module launcher at the old path', () => {
    const args = ['derive', 'attention', '--set', 'd_model=512'];
    const main = fileURLToPath(new URL('main.js', dist));
    const run = spawnSync(process.execPath, [main, ...args], { encoding: 'utf8' });
    expect({ code: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual(runCli(args));
  });
});
