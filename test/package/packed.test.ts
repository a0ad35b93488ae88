import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The package as npm would install it: `npm pack` (without rebuilding: npm test has built dist/),
 * unpacked into a project's node_modules, and loaded by name from ESM and from CommonJS (Node
 * 20.19+ loads ES modules with require when the package offers a `default` condition).
 */
const root = fileURLToPath(new URL('../../', import.meta.url));

describe('the packed package', () => {
  let app: string;
  let files: string[];

  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), 'tparams-pack-'));
    const tarball = execFileSync(
      'npm',
      ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir],
      { cwd: root, encoding: 'utf8' },
    )
      .trim()
      .split('\n')
      .at(-1)!;
    app = join(dir, 'app');
    const installed = join(app, 'node_modules', 'transformer-params');
    mkdirSync(installed, { recursive: true });
    execFileSync('tar', ['-xzf', join(dir, tarball), '-C', installed, '--strip-components=1']);
    // Its dependencies, as npm would have installed them (no network in tests).
    symlinkSync(join(root, 'node_modules'), join(installed, 'node_modules'));
    files = execFileSync('tar', ['-tzf', join(dir, tarball)], { encoding: 'utf8' }).split('\n');
  }, 60_000);

  const run = (args: string[]) => spawnSync(process.execPath, args, { cwd: app, encoding: 'utf8' });

  it('loads from ESM by name', () => {
    const out = run([
      '--input-type=module',
      '-e',
      "import { deriveModel, findPreset } from 'transformer-params'; console.log(String(deriveModel({ config: findPreset('gpt2').config, source: 'gpt2' }).total))",
    ]);
    expect(out.stderr).toBe('');
    expect(out.stdout.trim()).toBe('124439808');
  });

  it('loads from CommonJS with require', () => {
    const out = run([
      '-e',
      "const { deriveTarget } = require('transformer-params'); console.log(String(deriveTarget('attention', [['d_model', '512']]).total))",
    ]);
    expect(out.stderr).toBe('');
    expect(out.stdout.trim()).toBe('1050624');
  });

  it('ships the CLI, the templates, the presets and the web page, and no tests', () => {
    for (const file of [
      'package/dist/cli/tparams.cjs',
      'package/dist/cli/main.js',
      'package/dist/index.d.ts',
      'package/templates/md/model.eta',
      'package/src/models/presets/llama-2-7b.json',
      'package/dist/web/index.html',
      'package/dist/web/app.js',
    ])
      expect(files).toContain(file);
    expect(files.filter((f) => f.startsWith('package/test/'))).toEqual([]);
    const cli = run([
      join(app, 'node_modules/transformer-params/dist/cli/tparams.cjs'),
      'derive',
      'attention',
      '--set',
      'd_model=512',
    ]);
    expect(cli.stdout).toContain('1,050,624');
    expect(
      readdirSync(join(app, 'node_modules/transformer-params/dist/web/chunks')).length,
    ).toBeGreaterThan(3);
  });
});
