import { describe, expect, it } from 'vitest';
import { deriveTarget } from '../../src/report/derive-target.js';
import { runCli } from '../support/cli.js';
import { caseName, settingsOf, torchCases } from '../support/fixtures.js';

// Ground truth: sum(p.numel() for p in module.parameters()) counted by PyTorch (test/fixtures/torch-nn.json).
describe('torch.nn modules match PyTorch exactly', () => {
  it('has the fixture cases', () => {
    expect(torchCases.length).toBeGreaterThanOrEqual(40);
  });

  describe.each(torchCases.map((c) => [caseName(c), c] as const))('%s', (_name, c) => {
    it('through the library', () => {
      expect(deriveTarget(`torch.nn.${c.module}`, settingsOf(c.args))).toHaveParams(c.params);
    });

    it('through the CLI', () => {
      const args = Object.entries(c.args).flatMap(([k, v]) => ['--set', `${k}=${v}`]);
      const { code, stdout, stderr } = runCli([
        'derive',
        `torch.nn.${c.module}`,
        ...args,
        '--format',
        'json',
      ]);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(JSON.parse(stdout).total).toBe(String(c.params));
    });
  });
});
