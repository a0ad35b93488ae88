import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { commandsWithCaches, scriptFor } from '../../src/cli/bundle-loader.js';
import { runCli } from '../support/cli.js';

/**
 * The built CLI: the script of every command and one of each command asked most, each with V8's
 * code cache beside it (src/cli/bundle.ts, bundle-loader.ts).
 */
const dist = new URL('../../dist/cli/', import.meta.url);
const names = [
  'tparams-script',
  ...commandsWithCaches.map((command) => `tparams-script.${command}`),
];

describe('the CLI script and its code cache', () => {
  it('is ASCII, so the loader may read it as Latin-1', () => {
    for (const name of names) {
      const bytes = readFileSync(new URL(`${name}.js`, dist));
      expect({ name, at: bytes.findIndex((byte) => byte > 0x7f) }).toEqual({ name, at: -1 });
    }
  });

  it('has caches this Node accepts, each for its own script', () => {
    for (const name of names) {
      const filename = fileURLToPath(new URL(`${name}.js`, dist));
      const source = readFileSync(filename, 'latin1');
      const cachedData = readFileSync(new URL(`${name}.cache`, dist));
      const script = new vm.Script(source, { filename, cachedData });
      expect({ name, rejected: script.cachedDataRejected }).toEqual({ name, rejected: false });
    }
  });

  it('gives a command asked most a script of its own modules, smaller than every command’s', () => {
    const every = readFileSync(new URL('tparams-script.js', dist)).length;
    for (const command of commandsWithCaches) {
      const own = readFileSync(new URL(`tparams-script.${command}.js`, dist), 'latin1');
      expect(own.length).toBeLessThan(every * 0.9);
      // (the other commands' own options are not in it: `render`'s `--strict`)
      expect(own).not.toContain('--strict');
    }
    expect(readFileSync(new URL('tparams-script.js', dist), 'latin1')).toContain('--strict');
  });

  it('starts a command from its own script and cache, any other from every command’s', () => {
    const file = (argv: string[]) => scriptFor(argv).cache.pathname.replace(/.*\//, '');
    const script = (argv: string[]) => scriptFor(argv).script.pathname.replace(/.*\//, '');
    expect(file(['node', 'tparams', 'memory', 'gpt2'])).toBe('tparams-script.memory.cache');
    expect(script(['node', 'tparams', 'memory', 'gpt2'])).toBe('tparams-script.memory.js');
    expect(script(['node', 'tparams', 'render', 'note.md'])).toBe('tparams-script.js');
    expect(script(['node', 'tparams', 'memory/../x'])).toBe('tparams-script.js');
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
