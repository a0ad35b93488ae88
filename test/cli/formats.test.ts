import { describe, expect, it } from 'vitest';
import { outputFormats } from '../../src/documents/formats/registry.js';
import { formatNames } from '../../src/cli/formats.js';
import { runCli } from '../support/cli.js';

describe('tparams derive --format', () => {
  it("offers exactly the registry's formats, in its order, in --help", () => {
    const { stdout } = runCli(['derive', '--help']);
    const help = stdout.replace(/\s+/g, ' ');
    const choices =
      /-f, --format <format> output format \(choices: ([^)]*), default: "text"\)/.exec(help);
    expect(choices?.[1]?.split(', ')).toEqual(outputFormats.map((f) => `"${f.name}"`));
    expect(formatNames).toEqual(outputFormats.map((f) => f.name));
  });

  it.each(outputFormats.map((f) => [f.name]))('accepts %s and prints it', (name) => {
    const { code, stdout, stderr } = runCli(['derive', 'attention', '--format', name]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.length).toBeGreaterThan(100);
  });

  it('refuses an option a format does not take, naming the formats that do', () => {
    const { code, stderr } = runCli(['derive', 'attention', '--format', 'md', '--mathml']);
    expect(code).toBe(2);
    expect(stderr).toBe('tparams: --mathml applies to --format html or katex, not md\n');
  });
});
