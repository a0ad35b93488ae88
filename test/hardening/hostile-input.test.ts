import { describe, expect, it } from 'vitest';
import { limits } from '../../src/limits.js';
import { expectUserErrorLine, runCli } from '../support/cli.js';
import { hfCases, writeJson } from '../support/models.js';

/**
 * The inputs of issue 12's table, as a user or an attacker gives them: each gets an exact answer
 * or one clean line with exit 2, quickly — never a hang, a stack trace or a wrong total.
 */
const spec = (modules: unknown[], sizes: Record<string, number> = { d: 64 }) =>
  writeJson({ name: 'x', sizes, modules });
const linear = (input: string | number) => ({ kind: 'linear', key: 'proj', in: input, out: 'd' });
const gpt2 = hfCases.find((c) => c.name === 'openai-community/gpt2')!;

function expectOneLine(args: string[], message: RegExp) {
  const started = Date.now();
  const run = runCli(args);
  expect(Date.now() - started).toBeLessThan(10_000);
  expectUserErrorLine(run, message);
}

describe('hostile and unusual input: an exact answer or one clean line', () => {
  it('a huge exponent is refused at once, naming the field and the limit', () => {
    expectOneLine(
      ['derive', '--spec', spec([linear('d^100000')])],
      new RegExp(
        `spec field modules\\[0\\]\\.in: formula 'd\\^100000': the exponent 100000 is above the limit of ${limits.exponent}$`,
      ),
    );
  });

  it('a formula that would expand to millions of terms, or is too long or too deep, likewise', () => {
    expectOneLine(
      ['derive', '--spec', spec([linear('(a+b+c+d+e+f+g+h+i+j+k+l)^16')])],
      /may expand to 13037895 terms, above the limit of 100$/,
    );
    expectOneLine(
      ['derive', '--spec', spec([linear(`${'('.repeat(40)}d${')'.repeat(40)}`)])],
      /parentheses nested 40 deep, above the limit of 32$/,
    );
    expectOneLine(
      ['derive', '--spec', spec([linear(`d${' + d'.repeat(200)}`)])],
      /801 characters, above the limit of 500$/,
    );
  });

  it('a size that evaluates to zero or below names the module and the sizes', () => {
    expectOneLine(
      ['derive', '--spec', spec([linear('-d')])],
      /spec field modules\[0\]\.in = "-d" is -64 for d = 64: expected a positive whole number$/,
    );
    expectOneLine(
      ['derive', '--spec', spec([{ kind: 'group', key: 'g', children: [linear('d - 64')] }])],
      /spec field modules\[0\]\.children\[0\]\.in = "d - 64" is 0 for d = 64: expected a positive whole number$/,
    );
    expectOneLine(
      [
        'derive',
        '--spec',
        spec([{ kind: 'repeat', key: 'r', count: 'd - 65', child: linear('d') }]),
      ],
      /spec field modules\[0\]\.count = "d - 65" is -1 for d = 64: expected a whole number ≥ 0$/,
    );
  });

  it('a spec nested 3,000 groups deep, or with too many modules, is refused before it is read', () => {
    // (written by hand: JSON.stringify itself recurses)
    const deep = `{"name":"x","sizes":{"d":64},"modules":[${'{"kind":"group","key":"g","children":['.repeat(3000)}${JSON.stringify(linear('d'))}${']}'.repeat(3000)}]}`;
    expectOneLine(
      ['derive', '--spec', writeJson(deep)],
      new RegExp(`nested more than ${limits.specDepth} levels deep \\(the limit\\)`),
    );
    expectOneLine(
      [
        'derive',
        '--spec',
        spec(
          Array.from({ length: limits.specModules + 1 }, (_, i) => ({
            ...linear('d'),
            key: `p${i}`,
          })),
        ),
      ],
      /more than 10,000 modules \(the limit\)/,
    );
  });

  it('a config whose field nests 20,000 lists deep names the field (quoting it overflowed the stack)', () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    expectOneLine(
      ['derive', '--config', writeJson(`{"model_type": "gpt2", "architectures": ${deep}}`)],
      /config field architectures = a deeply nested list: expected a list of class names$/,
    );
  });

  it('a config.json saved with a UTF-8 byte-order mark is read', () => {
    const path = writeJson(`\uFEFF${JSON.stringify(gpt2.config)}`);
    const { code, stdout } = runCli(['derive', '--config', path, '--format', 'json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).total).toBe(String(gpt2.total_params));
  });

  it('truncated or broken JSON says where', () => {
    const text = JSON.stringify(gpt2.config, null, 2);
    expectOneLine(
      ['derive', '--config', writeJson(text.slice(0, 200))],
      /is not valid JSON: it ends too soon, at line \d+ column \d+ \(cut off\?\)$/,
    );
    expectOneLine(
      ['derive', '--config', writeJson(text.replace('"n_layer": 12,', '"n_layer": 12'))],
      /is not valid JSON: Expected ',' or '}' after property value at line \d+ column \d+$/,
    );
    expectOneLine(['derive', '--config', writeJson('')], /is not valid JSON: it is empty$/);
  });

  it('integers of any length are exact, in --set and in config.json', () => {
    const huge = '99999999999999999999';
    const fromSet = runCli(['derive', 'gpt2', '--set', `n_layer=${huge}`, '--format', 'json']);
    expect(fromSet.code).toBe(0);
    const fromFile = runCli([
      'derive',
      '--config',
      writeJson(
        JSON.stringify(gpt2.config)
          .replace('"n_layer": 12', `"n_layer": ${huge}`)
          .replace('"n_layer":12', `"n_layer":${huge}`),
      ),
      '--format',
      'json',
    ]);
    expect(fromFile.code).toBe(0);
    // GPT-2 small's count is 12 layers of 7,087,872 plus 39,385,344 once (published: 124,439,808).
    const perLayer = (BigInt(gpt2.total_params) - 39_385_344n) / 12n;
    expect(perLayer * 12n + 39_385_344n).toBe(BigInt(gpt2.total_params));
    expect(JSON.parse(fromSet.stdout).total).toBe(String(perLayer * BigInt(huge) + 39_385_344n));
    expect(JSON.parse(fromFile.stdout).total).toBe(String(perLayer * BigInt(huge) + 39_385_344n));
    expectOneLine(
      ['derive', 'gpt2', '--set', `n_layer=-${huge}`],
      /n_layer = -99999999999999999999: expected a positive integer$/,
    );
  });

  it("a spec's mistakes are in our words: the field, what was expected, what it got", () => {
    expectOneLine(
      ['derive', '--spec', writeJson({ sizes: { d: 8 }, modules: [] })],
      /: spec field name is missing: expected a string$/,
    );
    expectOneLine(
      ['derive', '--spec', writeJson({ name: 5, sizes: { d: 8 }, modules: [] })],
      /: spec field name: expected a string, got 5$/,
    );
    expectOneLine(
      ['derive', '--spec', spec([{ kind: 'linear', key: 'a', in: true, out: 'd' }])],
      /: spec field modules\[0\]\.in: expected a positive whole number or a formula over the sizes, got true$/,
    );
    expectOneLine(
      ['derive', '--spec', spec([{ kind: 'lin', key: 'a' }])],
      /: spec field modules\[0\]\.kind: expected one of "tensor", "embedding", .*, "repeat", got "lin"$/,
    );
    expectOneLine(
      ['derive', '--spec', spec([{ kind: 'linear', key: 'a', in: 'd' }])],
      /: spec field modules\[0\]\.out is missing: expected a positive whole number or a formula$/,
    );
    expectOneLine(
      ['derive', '--spec', writeJson([])],
      /: expected a JSON object \(a spec: name, sizes, modules\), got a list$/,
    );
  });

  it("a symbol's TeX must be a symbol: no way out of the math, no commands beyond letters, accents and fonts", () => {
    const withTex = (tex: string) =>
      writeJson({ name: 'x', sizes: { d: 8 }, symbols: { d: { tex } }, modules: [linear('d')] });
    expectOneLine(
      ['derive', '--spec', withTex('d$ <img src=x onerror=alert(1)> $')],
      /spec field symbols\.d\.tex = .*: expected TeX for one symbol/,
    );
    expectOneLine(
      ['derive', '--spec', withTex('\\href{javascript:alert(1)}{d}')],
      /\\href is not a command a symbol's name needs/,
    );
    const fine = runCli([
      'derive',
      '--spec',
      withTex('\\mathbf{d}_{\\text{model}}'),
      '--format',
      'md',
    ]);
    expect(fine.code).toBe(0);
    expect(fine.stdout).toContain('\\mathbf{d}_{\\text{model}}');
  });
});
