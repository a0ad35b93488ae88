import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

/** The built CLI's KaTeX: a script of its own, code-cached (src/cli/katex-script-loader.ts). */
const dist = new URL('../../dist/cli/', import.meta.url);

describe("the CLI's KaTeX script and its code cache", () => {
  it('is ASCII, so the loader may read it as Latin-1', () => {
    const bytes = readFileSync(new URL('katex-script.js', dist));
    expect(bytes.findIndex((byte) => byte > 0x7f)).toBe(-1);
  });

  it('has a cache this Node accepts at a start (default flags)', () => {
    const filename = fileURLToPath(new URL('katex-script.js', dist));
    const script = new vm.Script(readFileSync(filename, 'latin1'), {
      filename,
      cachedData: readFileSync(new URL('katex-script.cache', dist)),
    });
    expect(script.cachedDataRejected).toBe(false);
  });

  it('typesets as the package (node_modules/katex) does', async () => {
    // The library loads KaTeX from node_modules; the CLI from its own script.
    const { deriveModel, findPreset, katexFragments } = await import('../../src/index.js');
    const { config, repository } = findPreset('gpt2')!;
    const expected = katexFragments(deriveModel({ config, source: repository }));
    const result = runCli(['derive', 'gpt2', '--format', 'katex']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(expected);
  });
});
