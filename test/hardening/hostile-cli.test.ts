import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  createReadStream,
  existsSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors/user-error.js';
import { specFromJson } from '../../src/models/spec/spec-file.js';
import { modelReport } from '../../src/requests/derive-model.js';
import { reportJson } from '../../src/printers/report-json.js';
import { renderDocument } from '../../src/documents/render-document.js';
import { FieldModel } from '../../src/analysis/field-model.js';
import { loadModel } from '../../src/models/load-model.js';
import { findPreset } from '../../src/models/presets.js';
import { deriveTarget } from '../../src/report/derive-target.js';
import { findTarget } from '../../src/targets/registry.js';
import { parseCount, type CountKind } from '../../src/cli/counts.js';
import { byteSizes } from '../../src/printers/memory-report.js';
import { exponential, formatCount, shortCount } from '../../src/render/numbers.js';
import { didYouMean, editDistance, nearestNames } from '../../src/errors/suggest.js';
import { expectUserErrorLine, runCli, runCliAsync } from '../support/cli.js';
import { hfCases, writeJson } from '../support/models.js';

/**
 * Issue 16, the CLI's part: names, counts and files as a user (or an attacker) gives them. Each
 * gets an exact answer or one clean line with exit 2 — never a stack trace or a wrong figure.
 */
const gpt2 = hfCases.find((c) => c.name === 'openai-community/gpt2')!;
const llamaSpecText = readFileSync(
  fileURLToPath(new URL('../fixtures/specs/llama-2-7b.spec.json', import.meta.url)),
  'utf8',
);
/** Llama-2-7B's published total (Meta's model card; test/fixtures/published-totals.json). */
const LLAMA_2_7B = '6738415616';

function expectOneLine(args: string[], message: RegExp) {
  expectUserErrorLine(runCli(args), message);
}

/** The message of the UserError `run` throws (it must throw one). */
function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error('expected a UserError');
}

/** The names Object.prototype answers to: each must be an ordinary name wherever a user names something. */
const prototypeNames = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty'];

describe('a name Object.prototype has is an ordinary name', () => {
  it('as spec sizes and formula symbols: Llama-2-7B with its symbols renamed still counts 6,738,415,616', () => {
    // Renamed in the JSON text (an object literal's `__proto__` would set a prototype, not a key).
    const renames: Array<[RegExp, string]> = [
      [/\bd_model\b/g, '__proto__'],
      [/\bd_ff\b/g, 'constructor'],
      [/\bn_h\b/g, 'toString'],
      [/\bd_h\b/g, 'valueOf'],
      [/"L"/g, '"hasOwnProperty"'],
    ];
    const text = renames.reduce((t, [from, to]) => t.replace(from, to), llamaSpecText);
    for (const name of prototypeNames) expect(text).toContain(`"${name}"`);
    const report = modelReport(specFromJson(JSON.parse(text), 'renamed.json'), 'renamed', {
      modelType: 'spec',
      className: 'x',
      source: 'renamed.json',
    });
    expect(report.total).toBe(BigInt(LLAMA_2_7B));
    const json = reportJson(report) as { symbols: Array<{ name: string; value?: string }> };
    expect(json.symbols.map((s) => s.name).sort()).toEqual(['V', ...prototypeNames].sort());
    expect(json.symbols.find((s) => s.name === 'constructor')!.value).toBe('11008');
    // Every document format sets those names (KaTeX is strict about what a `_` starts).
    for (const format of ['md', 'tex', 'html'] as const)
      expect(renderDocument(report, { format, lang: 'en' })).toContain('11{,}008');
  });

  it('as module keys, names and labels: counted and printed like any other, in both languages', () => {
    const spec = JSON.parse(
      '{"name":"constructor","sizes":{"d":64},"modules":[{"kind":"linear","key":"__proto__","name":"constructor","label":"toString","in":"d","out":"d"},{"kind":"group","key":"constructor","name":"hasOwnProperty","children":[{"kind":"norm","key":"valueOf","type":"layernorm","dim":"d"}]}]}',
    );
    const report = modelReport(specFromJson(spec, 'x.json'), 'x', {
      modelType: 'spec',
      className: 'x',
      source: 'x.json',
    });
    // nn.Linear(64, 64) and nn.LayerNorm(64), as PyTorch counts them: 64·64 + 64 and 2·64.
    expect(report.total).toBe(64n * 64n + 64n + 2n * 64n);
    for (const lang of ['en', 'zh'] as const)
      expect(renderDocument(report, { format: 'md', lang })).not.toMatch(
        /function|\[native code\]|\[object Object\]/,
      );
  });

  it('as a formula symbol sizes does not give: an unknown symbol, one line', () => {
    const spec = (name: string) =>
      `{"name":"x","sizes":{"d":64},"modules":[{"kind":"linear","key":"a","in":"${name}","out":"d"}]}`;
    for (const name of prototypeNames) {
      expect(messageOf(() => specFromJson(JSON.parse(spec(name)), 'x.json'))).toBe(
        `x.json: spec field modules[0].in = "${name}" uses ${name}, which sizes does not give (sizes: d)`,
      );
    }
    expectOneLine(
      ['derive', '--spec', writeJson(spec('constructor'))],
      /spec field modules\[0\]\.in = "constructor" uses constructor, which sizes does not give \(sizes: d\)$/,
    );
  });

  it('as a sizes key, checked like any other', () => {
    const spec = JSON.parse(
      '{"name":"x","sizes":{"d":64,"constructor":0},"modules":[{"kind":"linear","key":"a","in":"d","out":"d"}]}',
    );
    expect(messageOf(() => specFromJson(spec, 'x.json'))).toBe(
      'x.json: spec field sizes.constructor: expected a whole number ≥ 1, got 0',
    );
  });

  it('as --vary FIELD in sweep and solve: a field the model does not have', () => {
    const model = new FieldModel({ config: gpt2.config, source: 'gpt2' });
    for (const name of prototypeNames)
      expect(messageOf(() => model.requireField(name))).toBe(
        `--vary ${name}: gpt2 has no whole-number config field ${name}`,
      );
    expectOneLine(
      ['sweep', 'gpt2', '--vary', '__proto__=1..3'],
      /^tparams: --vary __proto__: gpt2 has no whole-number config field __proto__$/,
    );
    expectOneLine(
      ['solve', 'gpt2', '--target', '1e8', '--vary', 'constructor'],
      /^tparams: --vary constructor: gpt2 has no whole-number config field constructor$/,
    );
  });

  it('as --set NAME on a model: a field the config lacks, refused by its name, never a prototype', () => {
    for (const name of prototypeNames) {
      expect(
        messageOf(() =>
          loadModel({ config: gpt2.config, source: 'gpt2', overrides: [[name, '{"n_layer":1}']] }),
        ),
      ).toBe(
        `--set ${name}={"n_layer":1}: a gpt2 config has no field "${name}" that the count reads (--set takes config.json fields)`,
      );
    }
    // As a field of the file it is one like any other: the count reads none of them.
    const loaded = loadModel({
      config: { ...gpt2.config, constructor: 1 },
      source: 'gpt2',
      overrides: [['constructor', '{"n_layer":1}']],
    });
    expect(
      modelReport(loaded.spec, 'gpt2', {
        modelType: 'gpt2',
        className: loaded.className,
        source: 'gpt2',
      }).total,
    ).toBe(BigInt(gpt2.total_params));
    const { code, stderr } = runCli([
      'derive',
      '--config',
      writeJson(gpt2.config),
      '--set',
      '__proto__={"n_layer":1}',
      '--format',
      'json',
    ]);
    expect({ code, stderr }).toEqual({
      code: 2,
      stderr:
        'tparams: --set __proto__={"n_layer":1}: a gpt2 config has no field "__proto__" that the count reads (--set takes config.json fields)\n',
    });
  });

  it('as --set NAME on a component, a target, a class, a preset or a model_type: unknown, one line', () => {
    for (const name of prototypeNames) {
      expect(messageOf(() => deriveTarget('attention', [[name, '3']]))).toMatch(
        new RegExp(`^attention has no parameter '${name}'`),
      );
      expect(messageOf(() => findTarget(name))).toMatch(new RegExp(`^unknown target '${name}'`));
      expect(findPreset(name)).toBeUndefined();
      expect(
        messageOf(() => loadModel({ config: gpt2.config, source: 'gpt2', className: name })),
      ).toMatch(new RegExp(`^class ${name} is not one gpt2 can count`));
      expect(
        messageOf(() => loadModel({ config: { model_type: name }, source: 'c.json' })),
      ).toMatch(new RegExp(`model_type = "${name}": unsupported`));
    }
    expectOneLine(
      ['derive', 'attention', '--set', 'constructor=3'],
      /^tparams: attention has no parameter 'constructor'/,
    );
    expectOneLine(['derive', '__proto__'], /^tparams: unknown target '__proto__'/);
    expectOneLine(
      ['derive', 'gpt2', '--class', 'toString'],
      /^tparams: class toString is not one gpt2 can count/,
    );
    expectOneLine(
      ['derive', '--config', writeJson({ model_type: 'constructor' })],
      /model_type = "constructor": unsupported/,
    );
  });
});

describe('-o TARGET: a file is replaced whole, anything else is written into or refused', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'tparams-output-'));
  const attention = ['derive', 'attention', '--set', 'd_model=512'];
  /** The attention count, as PyTorch's nn.MultiheadAttention(512, 1) counts it (test/fixtures/torch-nn.json). */
  const ATTENTION_512 = '1,050,624';

  it('a FIFO is written into (a reader gets the document), and one nothing reads is refused at once', async () => {
    const fifo = join(scratch, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expectOneLine(
      [...attention, '-o', fifo],
      /^tparams: -o .*fifo: cannot write: a FIFO that nothing is reading: start its reader first$/,
    );
    const reader = new Promise<string>((resolve) => {
      let text = '';
      createReadStream(fifo, 'utf8')
        .on('data', (d) => (text += d))
        .on('end', () => resolve(text));
    });
    // (the reader is open once it is waiting in open(); a few tries, bounded)
    let result = await runCliAsync([...attention, '-o', fifo]);
    for (let tries = 0; result.code !== 0 && tries < 20; tries++)
      result = await runCliAsync([...attention, '-o', fifo]);
    expect(result.code).toBe(0);
    expect(await reader).toContain(`= ${ATTENTION_512}`);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    // Up to 22 CLI runs: on a loaded 2-core machine each can take more than a second.
  }, 120_000);

  it('/dev/null and /dev/stdout are written into, never replaced', () => {
    const before = statSync('/dev/null');
    const { code } = runCli([...attention, '-o', '/dev/null']);
    expect(code).toBe(0);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(statSync('/dev/null').rdev).toBe(before.rdev);
    const viaStdout = runCli([...attention, '-o', '/dev/stdout']);
    expect(viaStdout.code).toBe(0);
    expect(viaStdout.stdout).toContain(`= ${ATTENTION_512}`);
  });

  it('a symbolic link: its file is replaced whole (permissions kept), the link stays; a link to nothing is refused', () => {
    const file = join(scratch, 'real.txt');
    const link = join(scratch, 'link.txt');
    writeFileSync(file, 'old');
    chmodSync(file, 0o640);
    symlinkSync(file, link);
    expect(runCli([...attention, '-o', link]).code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain(`= ${ATTENTION_512}`);
    expect(statSync(file).mode & 0o777).toBe(0o640);
    const sweep = runCli(['sweep', 'gpt2', '--vary', 'n_layer=12', '-o', link]);
    expect(sweep.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(`n_layer,total,note\n12,${gpt2.total_params},\n`);
    const dangling = join(scratch, 'dangling.txt');
    symlinkSync(join(scratch, 'missing.txt'), dangling);
    expectOneLine(
      [...attention, '-o', dangling],
      /^tparams: -o .*dangling\.txt: cannot write: a symbolic link to something missing: expected it to point to a file$/,
    );
    expect(existsSync(join(scratch, 'missing.txt'))).toBe(false);
    expectOneLine([...attention, '-o', scratch], /^tparams: -o .*: cannot write: is a directory$/);
    expect(readdirSync(scratch).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('rounded companions come from the integers; counts take the suffixes people write', () => {
  it('10^400 bytes print finite digits in GiB and GB; FLOPs and documents in powers of ten', () => {
    const huge = 10n ** 400n;
    // 10^400 / 2^30 and / 10^9, by long division outside the code under test: 10^400 = 2^30 · q + r.
    const gib = huge / 2n ** 30n;
    const hundredths = ((huge % 2n ** 30n) * 100n * 2n + 2n ** 30n) / (2n * 2n ** 30n);
    expect(byteSizes(huge)).toBe(
      `${formatCount(huge)} bytes = ${gib}.${hundredths.toString().padStart(2, '0')} GiB = 1${'0'.repeat(391)}.00 GB`,
    );
    expect(exponential(huge, 3)).toBe('1.000e+400');
    expect(exponential(4240n, 3)).toBe('4.240e+3');
    expect(exponential(99995n, 3)).toBe('1.000e+5');
    expect(shortCount(999_999_999n)).toBe('1B');
    expect(shortCount(6_738_415_616n)).toBe('6.74B');
    expect(shortCount(huge)).toBe('1.00e+400');
    // Published sizes, as before: Llama-2-7B in fp16 is 13,476,831,232 bytes = 12.55 GiB = 13.48 GB.
    expect(byteSizes(13_476_831_232n)).toBe('13,476,831,232 bytes = 12.55 GiB = 13.48 GB');
  });

  it('--context 1e400 is taken exactly; every figure is finite', () => {
    const { code, stdout, stderr } = runCli(['memory', 'gpt2', '--context', '1e400']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).not.toMatch(/Infinity|NaN/);
    // GPT-2 keeps 2·L·d = 2·12·768 elements a token in bf16: 36,864 bytes, times 10^400 tokens.
    expect(stdout.replace(/\s+/g, '')).toContain(`${formatCount(36_864n * 10n ** 400n)}bytes=`);
    const flops = runCli(['flops', 'gpt2', '--tokens', '1e400', '--format', 'text']);
    expect(flops.code).toBe(0);
    expect(flops.stdout).not.toMatch(/Infinity|NaN/);
    const solved = runCli([
      'solve',
      'gpt2',
      '--target',
      '1e400',
      '--vary',
      'n_layer',
      '--format',
      'json',
    ]);
    expect(solved.code).toBe(0);
    expect(JSON.parse(solved.stdout).solutions[0].root).toMatch(/^\d{390,}\.\d\d$/);
    expectOneLine(
      ['memory', 'gpt2', '--context', '1e999999999'],
      /^tparams: --context 1e999999999: more than 1000 digits \(the limit\): expected a positive whole number$/,
    );
  });

  it('suffixes: contexts binary, token and parameter counts decimal, fractions exact', () => {
    const table: Array<[string, string, CountKind, bigint | RegExp]> = [
      ['--context', '32k', 'context', 32_768n],
      ['--context', '1.5k', 'context', 1_536n],
      ['--context', '128K', 'context', 131_072n],
      ['--context', '1M', 'context', 1_048_576n],
      ['--context', '1.3k', 'context', /expected a positive whole number \(4096, 32k = 32,768/],
      ['--context', '2T', 'context', /expected a positive whole number/],
      ['--tokens', '2T', 'decimal', 2_000_000_000_000n],
      ['--tokens', '1.5T', 'decimal', 1_500_000_000_000n],
      ['--tokens', '300b', 'decimal', 300_000_000_000n],
      ['--target', '7B', 'decimal', 7_000_000_000n],
      ['--target', '500M', 'decimal', 500_000_000n],
      ['--target', '1.0000000000001T', 'decimal', /expected a positive whole number/],
      ['--batch', '8k', 'plain', /expected a positive whole number \(2048, 300e9, 15\.6e12\)/],
      ['--tokens', '1e3k', 'decimal', /expected a positive whole number/],
    ];
    for (const [option, raw, kind, expected] of table) {
      if (typeof expected === 'bigint') expect(parseCount(option, raw, kind), raw).toBe(expected);
      else
        expect(
          messageOf(() => parseCount(option, raw, kind)),
          raw,
        ).toMatch(expected);
    }
    // Through the CLI: Mistral 7B at a 32k context is its 8× saving (test/fixtures/published-kv-cache.json).
    const kv = runCli(['memory', 'mistral-7b', '--context', '32k']);
    expect(kv.code).toBe(0);
    expect(kv.stdout).toContain('n_ctx = 32,768 tokens');
    const flops = runCli(['flops', 'gpt2', '--tokens', '2T', '--format', 'json']);
    expect(flops.code).toBe(0);
    expect(JSON.stringify(JSON.parse(flops.stdout))).toContain('2000000000000');
    expectOneLine(
      ['flops', 'gpt2', '--tokens', '2X'],
      /^tparams: --tokens 2X: expected a positive whole number \(300e9, 15\.6e12, 7B, 1\.5T = 1\.5·10\^12, 500M\)$/,
    );
  });
});

describe('routed experts that cannot be', () => {
  it('num_experts_per_tok above the experts is refused (Mixtral with k = 50 had 283 B active of 46.7 B)', () => {
    expectOneLine(
      ['derive', 'mixtral-8x7b', '--set', 'num_experts_per_tok=50'],
      /^tparams: config field num_experts_per_tok = 50: expected at most the number of routed experts, num_local_experts = 8$/,
    );
    expectOneLine(
      ['memory', 'deepseek-v3', '--set', 'num_experts_per_tok=257'],
      /^tparams: config field num_experts_per_tok = 257: expected at most the number of routed experts, n_routed_experts = 256$/,
    );
    // k = E: every expert active, so the active count is Mistral's published total, 46,702,792,704 (test/fixtures/hf-models.json).
    const { code, stdout } = runCli([
      'derive',
      'mixtral-8x7b',
      '--set',
      'num_experts_per_tok=8',
      '--format',
      'json',
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).active).toBe(
      String(hfCases.find((c) => c.name === 'mistralai/Mixtral-8x7B-v0.1')!.total_params),
    );
  });
});

describe('a llama.cpp file type with what it already says itself', () => {
  it('--group-size and --also-quantize with --dtype q4_k_m: one line each, naming the option', () => {
    expectOneLine(
      ['memory', 'llama-2-7b', '--dtype', 'q4_k_m', '--group-size', '64'],
      /^tparams: --group-size applies to --dtype int4 or int8, not q4_k_m: llama\.cpp's Q4_K_M stores a scale in each of its own blocks$/,
    );
    expectOneLine(
      ['memory', 'llama-2-7b', '--dtype', 'iq4_xs', '--also-quantize', 'head'],
      /^tparams: --also-quantize applies to fp8, int8, int4 or mxfp4, not iq4_xs: llama\.cpp's IQ4_XS already quantizes/,
    );
  });

  it('a row no block divides and no fallback exists (GPT-2 100 wide in q4_0: its tied token table takes the head type, q8_0): refused in one line', () => {
    expectOneLine(
      ['memory', 'gpt2', '--set', 'n_embd=100', '--set', 'n_head=1', '--dtype', 'q4_0'],
      /^tparams: --dtype q4_0: a row of 100 \(.*\) is not a multiple of q8_0's block of 32, and llama-quantize has no fallback for q8_0$/,
    );
  });
});

describe('an unknown name: the nearest known ones, and one short line', () => {
  it('nearest names by prefix, then by edits (transpositions count one)', () => {
    const table: Array<[string, string[], string[]]> = [
      ['mixtral', ['mixtral-8x7b', 'mistral-7b', 'gpt2'], ['mixtral-8x7b']],
      ['mistrl-7b', ['mixtral-8x7b', 'mistral-7b'], ['mistral-7b']],
      ['gpt', ['gpt2', 'gpt2-medium', 'gpt2-xl', 'gpt-j-6b'], ['gpt2', 'gpt2-xl', 'gpt-j-6b']],
      ['atention', ['attention', 'embedding'], ['attention']],
      ['d_modle', ['d_model', 'd_ff', 'n_h'], ['d_model']],
      ['qqqqqqqq', ['attention', 'gpt2'], []],
    ];
    for (const [typed, names, expected] of table)
      expect(nearestNames(typed, names), typed).toEqual(expected);
    expect(editDistance('mixtrla', 'mixtral')).toBe(1);
    expect(didYouMean('gpt-2', ['gpt2', 'bert'])).toBe('did you mean gpt2?');
  });

  it('derive mixtral suggests mixtral-8x7b; a class, a parameter, a --vary field and a preset likewise', () => {
    expectOneLine(
      ['derive', 'mixtral'],
      /^tparams: unknown target 'mixtral': did you mean mixtral-8x7b\? \(expected a preset, a component, a torch\.nn module or a Hub id ORG\/NAME; 'tparams list' shows them all\)$/,
    );
    expectOneLine(['derive', 'nn.Linaer'], /did you mean nn\.Linear\?/);
    expectOneLine(
      ['derive', 'gpt2', '--class', 'GPT2LMHead'],
      /^tparams: class GPT2LMHead is not one gpt2 can count: did you mean GPT2LMHeadModel\? expected one of/,
    );
    expectOneLine(
      ['sweep', 'gpt2', '--vary', 'n_layers=1..3'],
      /^tparams: --vary n_layers: gpt2 has no whole-number config field n_layers \(did you mean n_layer\?\)$/,
    );
    expectOneLine(
      ['solve', 'mistral', '--target', '7B', '--vary', 'num_hidden_layers'],
      /'mistral' is not a preset \(did you mean mistral-7b( or [a-z0-9.-]+)?\? see 'tparams list'\)/,
    );
  });

  it('an unsupported model_type: the type, how many are known, --spec, and the nested config that is supported', () => {
    // BLIP-2 is not read (its Q-Former is not among the parts); its OPT language model is.
    const blip2 = writeJson({
      model_type: 'blip-2',
      architectures: ['Blip2ForConditionalGeneration'],
      text_config: { model_type: 'opt', hidden_size: 2560 },
      vision_config: { model_type: 'blip_2_vision_model' },
    });
    expectOneLine(
      ['derive', '--config', blip2],
      /^tparams: config field model_type = "blip-2": unsupported, not one of the \d+ model types 'tparams list' shows; its text_config is a supported opt config: save that object as a config\.json and derive it with --config$/,
    );
    // (bert2: no such model_type; its one near miss is bert.)
    const line = runCli(['derive', '--config', writeJson({ model_type: 'bert2' })]).stderr.trim();
    expect(line).toMatch(
      /^tparams: config field model_type = "bert2": unsupported, not one of the \d+ model types 'tparams list' shows \(did you mean bert\?\); describe the model with --spec$/,
    );
    expect(line.length).toBeLessThan(170);
    expectOneLine(
      ['derive', '--config', writeJson({ hidden_size: 64 })],
      /^tparams: config field model_type is missing: expected one of the \d+ model types 'tparams list' shows \(or describe the model with --spec\)$/,
    );
  });
});

describe('tparams list', () => {
  it('orders presets by family, then size (gpt2, gpt2-medium, gpt2-large, gpt2-xl)', () => {
    const { code, stdout } = runCli(['list']);
    expect(code).toBe(0);
    const presets = stdout
      .split('\n\n')[0]!
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/)[0]!);
    const at = (names: string[]) => names.map((n) => presets.indexOf(n));
    expect(at(['gpt2', 'gpt2-medium', 'gpt2-large', 'gpt2-xl'])).toEqual(
      [0, 1, 2, 3].map((i) => presets.indexOf('gpt2') + i),
    );
    // Published sizes (7B < 13B < 70B; 60M < 250M for T5; 39M < 244M for Whisper) in the listed order.
    for (const family of [
      ['llama-2-7b', 'llama-2-13b', 'llama-2-70b'],
      ['t5-small', 't5-base'],
      ['whisper-tiny', 'whisper-small'],
      ['pythia-160m', 'pythia-1.4b'],
    ]) {
      const positions = at(family);
      expect(positions, family.join(' < ')).toEqual([...positions].sort((a, b) => a - b));
    }
  });
});

describe('text at 80 and 100 columns', () => {
  /** Each report, and a sentence of its prose that must read whole once its lines are joined (broken only at spaces). */
  const reports: Array<[string[], string]> = [
    [
      ['derive', 't5-base'],
      'does not apply: an encoder-decoder: cross-attention and two stacks, not L copies of one layer',
    ],
    [
      ['derive', 'gpt2'],
      '(P_head = 0 — tied to the token embedding: the same matrix, counted once)',
    ],
    [
      ['memory', 'deepseek-v3'],
      'Expanded (an implementation that stores full keys and values instead of the latents):',
    ],
    [
      ['memory', 'mixtral-8x7b', '--training', '--zero', '3', '--gpus', '8', '--tp', '2'],
      'Fits (training memory per GPU; no temporary buffers, fragmentation or framework overhead)',
    ],
    [
      ['flops', 'mixtral-8x7b', '--tokens', '2T'],
      'Chowdhery et al. 2022 (PaLM), Appendix B: 6N + 12·L·H·Q·T',
    ],
    [
      ['solve', 'deepseek-v3', '--target', '700B', '--vary', 'num_hidden_layers'],
      '(every other size as the model has it)',
    ],
    [
      ['list'],
      'multi-head self-attention: Q, K, V, O (+ biases); grouped-/multi-query via num_key_value_heads',
    ],
  ];
  it('every line fits, and prose is broken only at spaces', () => {
    // (80 for every report; 100, the default for pipes, for the two with the longest prose)
    for (const columns of [80, 100]) {
      for (const [args, sentence] of columns === 80 ? reports : reports.slice(2, 4)) {
        const { code, stdout } = runCli(args, { env: { COLUMNS: String(columns) } });
        expect(code).toBe(0);
        const long = stdout.split('\n').filter((line) => [...line].length > columns);
        expect(long, `${args.join(' ')} at ${columns}`).toEqual([]);
        expect(
          stdout
            .split('\n')
            .map((line) => line.trim())
            .join(' '),
          `${args.join(' ')} at ${columns}`,
        ).toContain(sentence);
      }
    }
  });

  it('English says per token, per GPU, per layer, per parameter', () => {
    const memory = runCli(['memory', 'gpt2', '--training'])
      .stdout.split('\n')
      .map((line) => line.trim())
      .join(' ');
    expect(memory).toContain('Training memory per GPU');
    expect(memory).toContain('bytes per parameter');
    expect(memory).toMatch(/s·b·h·\(34 \+ 5·a·s\/h\) per layer/);
    const flops = runCli(['flops', 'gpt2']).stdout;
    expect(flops).toContain('Forward FLOPs per token');
    expect(flops).toContain('about 20 tokens per parameter');
    for (const text of [memory, flops])
      expect(text).not.toMatch(
        /\b(bytes|FLOPs|tokens|memory|cache) an? (token|GPU|layer|parameter|iteration)\b/,
      );
  });
});

describe('an option with fixed values', () => {
  it('a mistyped value is answered with the nearest one, on one line', () => {
    const { code, stderr } = runCli(['derive', 'gpt2', '--format', 'jsn']);
    expect(code).toBe(2);
    expect(stderr.trim()).toBe(
      "error: option '-f, --format <format>' argument 'jsn' is invalid. did you mean json? Allowed choices are text, json, md, tex, html, katex.",
    );
  });
});

describe('a JSON file named on the command line is a regular file of bounded size', () => {
  const folder = mkdtempSync(join(tmpdir(), 'tparams-json-file-'));
  it('a FIFO, a device or a folder given as --config or --spec is one line, at once (no wait for a writer)', () => {
    const fifo = join(folder, 'config.json');
    const made =
      execFileSync('sh', ['-c', `mkfifo '${fifo}' && echo made || true`])
        .toString()
        .trim() === 'made';
    if (made)
      expectOneLine(
        ['derive', '--config', fifo],
        /^tparams: cannot read config .*config\.json: it is a FIFO \(named pipe\), expected a regular file$/,
      );
    expectOneLine(
      ['derive', '--config', '/dev/zero'],
      /^tparams: cannot read config \/dev\/zero: it is a device, expected a regular file$/,
    );
    expectOneLine(
      ['derive', '--spec', folder],
      /^tparams: cannot read spec .*: it is a folder, expected a regular file$/,
    );
    expectOneLine(
      ['derive', '--config', join(folder, 'absent.json')],
      /^tparams: cannot read config .*absent\.json: no such file$/,
    );
  });
  it('a file above the bound is refused before it is read (a sparse 65 MiB config)', () => {
    const big = join(folder, 'big.json');
    writeFileSync(big, '');
    execFileSync('truncate', ['-s', `${65 * 1024 * 1024}`, big]);
    expectOneLine(
      ['derive', '--config', big],
      /^tparams: cannot read config .*big\.json: it is 68157440 bytes, above the limit of 67108864$/,
    );
  });
});

describe('--kv-budget, --device-memory and the engine shares: exact, bounded, one line', () => {
  const budget = (raw: string) =>
    runCli(['memory', 'meta-llama-3-8b', '--engine', 'vllm', '--kv-budget', raw, '-f', 'json']);
  it('sizes in binary and decimal units, fractions exact', () => {
    const bytes = (raw: string) => JSON.parse(budget(raw).stdout).kv_budget_bytes;
    expect(bytes('4GiB')).toBe(String(4n * 2n ** 30n));
    expect(bytes('4 GB')).toBe('4000000000');
    expect(bytes('0.5MiB')).toBe(String(2n ** 19n));
    expect(bytes('1073741824')).toBe('1073741824');
  });
  it.each(['4XB', '-4GiB', '0GiB', '1e400GiB', '9'.repeat(40), 'GiB', '4GiB4', '4.GiB'])(
    '--kv-budget %s is refused in one line naming it',
    (raw) => {
      const run = budget(raw);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^tparams: --kv-budget /);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    },
  );
  it.each(['0', '1.01', '-0.5', '0.9.1', 'nine', `0.${'9'.repeat(20)}`])(
    '--gpu-memory-utilization %s is refused in one line naming it',
    (raw) => {
      const run = runCli([
        'memory',
        'llama-2-7b',
        '--engine',
        'vllm',
        '--gpu-memory-utilization',
        raw,
      ]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^tparams: --gpu-memory-utilization /);
    },
  );
});
