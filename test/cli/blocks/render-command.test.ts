import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tparams-render-'));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

// GPT-2's 124,439,808: transformers' checkpoint comments (published-totals.json).
describe('tparams render', () => {
  it('writes the note with its blocks rendered, to standard output or atomically to -o', () => {
    const note = write('n.md', 'Intro.\n\n```tparams\nderive gpt2 --show total\n```\n\nEnd.\n');
    const shown = runCli(['render', note]);
    expect(shown).toMatchObject({ code: 0, stderr: '' });
    expect(shown.stdout).toBe('Intro.\n\n$$\nP_{\\text{model}} = 124{,}439{,}808\n$$\n\nEnd.\n');
    const out = join(dir, 'out.html');
    expect(runCli(['render', note, '--format', 'html', '-o', out]).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^<!doctype html>[\s\S]*124,439,808/);
  });

  it("lists a block's mistake on standard error, and fails on it with --strict", () => {
    const note = write('bad.md', '# T\n\n```tparams\nmemory gpt2 --dtype int3\n```\n');
    const lenient = runCli(['render', note]);
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toMatch(/^tparams: .*bad\.md:3: .*int3/);
    expect(lenient.stdout).toMatch(/^# T\n\n> tparams: .*int3/);
    const out = join(dir, 'never.md');
    const strict = runCli(['render', note, '--strict', '-o', out]);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(/^tparams: .*bad\.md:3: .*int3.*\n$/);
    expect(() => readFileSync(out)).toThrow(/ENOENT/);
  });

  it('refuses a note that is not a file, in one line', () => {
    const missing = runCli(['render', join(dir, 'nope.md')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.split('\n')).toHaveLength(2);
  });
});
