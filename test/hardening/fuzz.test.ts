import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderDocument } from '../../src/documents/render-document.js';
import { UserError } from '../../src/errors/user-error.js';
import { parseJson } from '../../src/json/parse-json.js';
import { allPresets } from '../../src/models/presets.js';
import { specFromJson } from '../../src/models/spec/spec-file.js';
import { reportJson } from '../../src/printers/report-json.js';
import { deriveModel, modelReport } from '../../src/requests/derive-model.js';
import type { Report } from '../../src/report/report.js';
import { reportText } from '../../src/printers/report-text.js';
import { runCli } from '../support/cli.js';
import { writeJson } from '../support/models.js';

/**
 * Fuzzing with fast-check: real configs and specs, mutated the ways files go wrong and attackers
 * try (types, signs, sizes, nesting, hostile strings). The contract, for every input: an exact,
 * non-negative total (and documents that render), or a UserError — the CLI's one line with exit
 * 2 — within a bounded time. Anything else (exit 1) is a bug. Seeds are fixed, so CI is repeatable;
 * FUZZ_RUNS raises the number of runs for a longer hunt.
 */
const runs = Number(process.env.FUZZ_RUNS ?? 400);
// A case's CPU time (the test's own process), which other work on the machine does not stretch as
// it stretches wall time; a hang or an exponential blow-up still shows.
const perCaseMs = 3_000;
const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

/** The contract: a report with an exact non-negative total and a JSON and text form, or a UserError. */
function holds(make: () => Report): true {
  const started = process.cpuUsage();
  try {
    const report = make();
    expect(typeof report.total).toBe('bigint');
    expect(report.total! >= 0n).toBe(true);
    JSON.stringify(reportJson(report));
    reportText(report, 100);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    expect(error.message).not.toContain('\n');
  }
  expect(cpuMs(process.cpuUsage(started))).toBeLessThan(perCaseMs);
  return true;
}

const hostileString = fc.constantFrom(
  '<script>alert(1)</script>',
  '[x](javascript:alert(1))',
  '$\\input{x}$',
  '| a |',
  '``',
  '\\',
  '{',
  '}',
  '%',
  '模型🤗',
  '',
  ' ',
  'a'.repeat(300),
);
/** What a field's value may become. */
const mutatedValue = fc.oneof(
  fc.constantFrom(
    0,
    -1,
    1,
    2,
    3,
    7,
    64,
    4096,
    1.5,
    -0.5,
    Number.MAX_SAFE_INTEGER,
    1e300,
    Number.NaN,
    null,
    true,
    false,
    '',
    '12',
    'gelu',
    [],
    {},
    [1, 2],
  ),
  fc.integer({ min: -10, max: 100_000 }),
  fc.bigInt({ min: 1n, max: 10n ** 30n }),
  hostileString,
);

const presets = allPresets();
/** A real config with one to four of its fields changed or removed, or a field added. */
const mutatedConfig = fc
  .record({
    preset: fc.constantFrom(...presets),
    changes: fc.array(
      fc.tuple(fc.nat(), fc.option(mutatedValue, { nil: undefined }), fc.boolean()),
      { minLength: 1, maxLength: 4 },
    ),
  })
  .map(({ preset, changes }) => {
    const config: Record<string, unknown> = structuredClone(preset.config) as Record<
      string,
      unknown
    >;
    const keys = Object.keys(config);
    for (const [index, value, remove] of changes) {
      const key = keys[index % keys.length]!;
      if (remove) delete config[key];
      else config[key] = value;
    }
    return { name: preset.name, config };
  });

const llamaSpec = JSON.parse(
  readFileSync(new URL('../fixtures/specs/llama-2-7b.spec.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
const formula = fc.oneof(
  fc.constantFrom(
    'd_model',
    'V',
    'L',
    'n_h*d_h',
    'd_model - 4096',
    '-d_model',
    '2*d_ff - d_model',
    'd_model^2',
    'd_model^100000',
    'x',
    'd_model/2',
    '(d_model',
    'd_model + ',
    '1e3',
    '0',
    '99999999999999999999999',
    '(L+V+d_ff+d_h+n_h+d_model)^16',
  ),
  fc.integer({ min: -5, max: 100_000 }),
);
/** Every module of a spec, as paths to its objects. */
function modulesOf(spec: unknown): Array<Record<string, unknown>> {
  const found: Array<Record<string, unknown>> = [];
  const stack = [spec];
  while (stack.length) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null) continue;
    if (!Array.isArray(value) && 'kind' in value) found.push(value as Record<string, unknown>);
    stack.push(...Object.values(value));
  }
  return found;
}
const sizeFields = ['rows', 'dim', 'in', 'out', 'd', 'dFF', 'heads', 'headDim', 'count', 'kvHeads'];
/** The Llama spec with some of its modules' fields changed, its nesting deepened, or a name made hostile. */
const mutatedSpec = fc
  .record({
    edits: fc.array(
      fc.tuple(
        fc.nat(),
        fc.constantFrom(...sizeFields, 'kind', 'key', 'name', 'bias', 'type'),
        fc.oneof(formula, mutatedValue),
      ),
      { minLength: 1, maxLength: 4 },
    ),
    nest: fc.nat({ max: 80 }),
    sizes: fc.option(fc.dictionary(fc.constantFrom('d_model', 'V', 'L', 'zzz'), mutatedValue), {
      nil: undefined,
    }),
  })
  .map(({ edits, nest, sizes }) => {
    const spec = structuredClone(llamaSpec);
    const modules = modulesOf(spec);
    for (const [index, field, value] of edits) modules[index % modules.length]![field] = value;
    if (sizes) spec.sizes = { ...(spec.sizes as object), ...sizes };
    let top: unknown = (spec.modules as unknown[])[0];
    for (let i = 0; i < nest; i++) top = { kind: 'group', key: `g${i}`, children: [top] };
    (spec.modules as unknown[])[0] = top;
    return spec;
  });

describe('fuzz: mutated inputs get an exact answer or one clean line', () => {
  it('configs of every preset, with fields retyped, resigned, resized or removed', () => {
    fc.assert(
      fc.property(mutatedConfig, ({ name, config }) =>
        holds(() => deriveModel({ config: config as never, source: name })),
      ),
      { numRuns: runs, seed: 1201 },
    );
  });

  it('--set overrides of any field with any text', () => {
    const rawValue = fc.oneof(
      mutatedValue.map((v) =>
        typeof v === 'bigint' ? String(v) : (JSON.stringify(v) ?? 'undefined'),
      ),
      fc.string({ maxLength: 30 }),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...presets),
        fc.array(fc.tuple(fc.string({ maxLength: 20 }), rawValue), { minLength: 1, maxLength: 3 }),
        (preset, overrides) => {
          const keys = Object.keys(preset.config);
          const settings = overrides.map(
            ([field, value], i) =>
              [i % 2 ? field : keys[field.length % keys.length]!, value] as const,
          );
          return holds(() =>
            deriveModel({ config: preset.config, source: preset.name, overrides: settings }),
          );
        },
      ),
      { numRuns: runs, seed: 1202 },
    );
  });

  it('specs with modules mutated, nested deeper, sizes changed; their documents render', () => {
    fc.assert(
      fc.property(mutatedSpec, (spec) =>
        holds(() => {
          const parsed = specFromJson(spec, 'fuzz.json');
          const report = modelReport(parsed, parsed.name, {
            modelType: 'spec',
            className: parsed.name,
            source: 'fuzz.json',
          });
          renderDocument(report, { format: 'md' });
          return report;
        }),
      ),
      { numRuns: runs, seed: 1203 },
    );
  });

  it('JSON text cut short, with bytes flipped, or with a byte-order mark', () => {
    const text = JSON.stringify(presets[0]!.config, null, 2);
    fc.assert(
      fc.property(
        fc.nat({ max: text.length }),
        fc.option(
          fc.tuple(fc.nat({ max: text.length }), fc.string({ minLength: 1, maxLength: 1 })),
          { nil: undefined },
        ),
        fc.boolean(),
        (cut, flip, bom) => {
          let broken = text.slice(0, cut);
          if (flip) broken = broken.slice(0, flip[0]) + flip[1] + broken.slice(flip[0] + 1);
          try {
            parseJson(bom ? `\uFEFF${broken}` : broken, 'config.json');
          } catch (error) {
            expect(error).toBeInstanceOf(UserError);
            expect((error as Error).message).toMatch(
              /^config\.json is not valid JSON: (it is empty|it ends too soon, at line \d+ column \d+ \(cut off\?\)|.+ at line \d+ column \d+)$/,
            );
          }
          return true;
        },
      ),
      { numRuns: runs, seed: 1204 },
    );
  });

  it('through the CLI: exit 0 with a total, or exit 2 with one line; never 1', () => {
    const cases = fc.sample(
      fc.oneof(
        mutatedConfig.map((c) => ['--config', c.config] as const),
        mutatedSpec.map((s) => ['--spec', s] as const),
      ),
      { numRuns: 12, seed: 1205 },
    );
    for (const [flag, content] of cases) {
      // (integers beyond 2^53 written as the digits they are)
      const text = JSON.stringify(content, (_key, v: unknown) =>
        typeof v === 'bigint' ? `#big${v}#` : v,
      ).replace(/"#big(\d+)#"/g, '$1');
      const { code, stdout, stderr } = runCli([
        'derive',
        flag,
        writeJson(text),
        '--format',
        'json',
      ]);
      expect([0, 2], stderr).toContain(code);
      if (code === 0) expect(BigInt(JSON.parse(stdout).total) >= 0n).toBe(true);
      else expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  }, 60_000);
});
