import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cacheUrlFor, commandsWithCaches } from '../../src/cli/bundle-loader.js';
import { runCli } from '../support/cli.js';

/** The built CLI: one script with V8's code cache beside it (src/cli/bundle.ts, bundle-loader.ts). */
const dist = new URL('../../dist/cli/', import.meta.url);

describe('the CLI script and its code cache', () => {
  it('is ASCII, so the loader may read it as Latin-1', () => {
    const bytes = readFileSync(new URL('tparams-script.js', dist));
    expect(bytes.findIndex((byte) => byte > 0x7f)).toBe(-1);
  });

  it('has caches this Node accepts: every run’s, and each command’s own', () => {
    const filename = fileURLToPath(new URL('tparams-script.js', dist));
    const source = readFileSync(filename, 'latin1');
    const names = ['', ...commandsWithCaches.map((command) => `${command}.`)];
    for (const name of names) {
      const cachedData = readFileSync(new URL(`tparams-script.${name}cache`, dist));
      const script = new vm.Script(source, { filename, cachedData });
      expect({ name, rejected: script.cachedDataRejected }).toEqual({ name, rejected: false });
    }
  });

  it('starts a command from its own cache, any other command line from every run’s', () => {
    const file = (argv: string[]) => cacheUrlFor(argv).pathname.replace(/.*\//, '');
    expect(file(['node', 'tparams', 'memory', 'gpt2'])).toBe('tparams-script.memory.cache');
    expect(file(['node', 'tparams', 'render', 'note.md'])).toBe('tparams-script.cache');
    expect(file(['node', 'tparams', '--version'])).toBe('tparams-script.cache');
    // A command line names a file only through the table, never by its own text.
    expect(file(['node', 'tparams', '../../etc/passwd'])).toBe('tparams-script.cache');
    expect(file(['node', 'tparams', 'memory/../x'])).toBe('tparams-script.cache');
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

  it('loads none of the Node modules only some commands use at the start of a derive', () => {
    // Each of these costs 10 M instructions or more to load (src/cli/bundle-plugins.ts).
    const main = fileURLToPath(new URL('tparams.cjs', dist));
    const report = join(mkdtempSync(join(tmpdir(), 'tparams-modules-')), 'report.cjs');
    writeFileSync(
      report,
      "process.on('exit', () => process.stderr.write(JSON.stringify(process.moduleLoadList)))",
    );
    const args = ['derive', 'llama-2-7b', '--format', 'json'];
    const run = spawnSync(process.execPath, ['--require', report, main, ...args], {
      encoding: 'utf8',
    });
    rmSync(dirname(report), { recursive: true });
    expect(run.status).toBe(0);
    const loaded = JSON.parse(run.stderr) as string[];
    expect(loaded).toContain('NativeModule vm');
    for (const lazy of ['v8', 'crypto', 'child_process'])
      expect(loaded).not.toContain(`NativeModule ${lazy}`);
  });
});
