import { fileURLToPath } from 'node:url';
import { loadJson } from '../support/fixtures.js';
import { describe, expect, it } from 'vitest';
import { allPresets } from '../../src/models/presets.js';
import { runCli } from '../support/cli.js';
import { hfCases, writeJson } from '../support/models.js';

const llamaConfig = hfCases.find((c) => c.hf_class === 'LlamaForCausalLM')!.config;
const specPath = fileURLToPath(new URL('../fixtures/specs/llama-2-7b.spec.json', import.meta.url));

describe('tparams derive for whole models', () => {
  it('derives the default preset when given no target', () => {
    const { code, stdout } = runCli(['derive']);
    expect(code).toBe(0);
    expect(stdout).toContain('llama-2-7b');
    expect(stdout).toContain('= 6,738,415,616');
    expect(stdout).toMatch(/non-embedding\s+6,476,271,616/);
    expect(stdout).toContain('Kaplan et al.');
    expect(stdout).toContain('Megatron-LM');
  });

  it('reports JSON with total, non_embedding, children with totals, shares and approximations', () => {
    const json = JSON.parse(runCli(['derive', 'gpt2', '--format', 'json']).stdout);
    expect(json.total).toBe('124439808');
    expect(json.non_embedding).toBe('85056000');
    const childSum = json.children.reduce(
      (s: bigint, c: { total: string }) => s + BigInt(c.total),
      0n,
    );
    expect(childSum).toBe(124439808n);
    expect(json.children.map((c: { name: string }) => c.name)).toEqual(['transformer', 'lm_head']);
    expect(json.children[1].note).toMatch(/tied/);
    const megatron = json.approximations.find((a: { name: string }) => a.name === 'Megatron-LM');
    // GPT-2 is the model Megatron's formula describes, but for its final LayerNorm (2·768).
    expect(megatron.error).toBe('1536');
    expect(megatron.reasons).toEqual([
      {
        role: 'norm',
        cause: 'outer-norm',
        difference: '1536',
        text: 'norms outside the layers (final or embedding norm)',
      },
    ]);
  });

  it('picks the class from architectures[0], or from --class', () => {
    const path = writeJson({ model_type: 'bert', architectures: ['BertForMaskedLM'] });
    // BertConfig defaults are bert-base-uncased's shapes.
    expect(JSON.parse(runCli(['derive', '--config', path, '--format', 'json']).stdout).total).toBe(
      '109514298',
    );
    expect(
      JSON.parse(
        runCli(['derive', '--config', path, '--class', 'BertModel', '--format', 'json']).stdout,
      ).total,
    ).toBe('109482240');
  });

  it('overrides config fields with --set', () => {
    const path = writeJson(llamaConfig);
    const json = JSON.parse(
      runCli(['derive', '--config', path, '--set', 'tie_word_embeddings=true', '--format', 'json'])
        .stdout,
    );
    expect(json.total).toBe(String(6_738_415_616 - 32000 * 4096));
  });

  it('overrides a nested config field with --set text_config.…', () => {
    // Gemma 3 4B (test/fixtures/vision-language.json, 4,300,079,472) with its head untied: the
    // lm_head Linear(2,560 → 262,208) of Gemma3ForConditionalGeneration is then its own matrix.
    // transformers 5 reads the flag from Gemma3Config (top level), not from text_config.
    const { models } = loadJson<{
      models: Array<{ name: string; config: object; total_params: number }>;
    }>('vision-language.json');
    const gemma = models.find((m) => m.name === 'google/gemma-3-4b-it')!;
    const path = writeJson(gemma.config);
    const set = (field: string) =>
      JSON.parse(runCli(['derive', '--config', path, '--set', field, '--format', 'json']).stdout);
    expect(set('tie_word_embeddings=false').total).toBe(
      String(gemma.total_params + 262_208 * 2560),
    );
    // A nested field is set, and the other fields of the nested config stay as the file has them.
    expect(set('text_config.tie_word_embeddings=false').total).toBe(String(gemma.total_params));
    expect(set('text_config.sliding_window=1024').total).toBe(String(gemma.total_params));
  });

  it('reads an architecture described in a --spec file', () => {
    const { code, stdout } = runCli(['derive', '--spec', specPath, '--format', 'json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).total).toBe('6738415616');
  });

  it('lists the presets', () => {
    const { stdout } = runCli(['list']);
    expect(allPresets().length).toBeGreaterThanOrEqual(20);
    for (const p of allPresets()) expect(stdout).toContain(p.name);
  });
});

describe('bad configs: one line naming the field, exit code 2', () => {
  const cases: Array<[string, unknown, RegExp]> = [
    [
      'unknown model_type',
      { model_type: 'gpt5' },
      /model_type = "gpt5": unsupported, not one of the \d+ model types 'tparams list' shows \(did you mean gpt2 or gptj\?\); describe the model with --spec\n$/,
    ],
    [
      'missing model_type',
      { hidden_size: 4096 },
      /model_type is missing: expected one of the \d+ model types 'tparams list' shows/,
    ],
    [
      'mistyped size',
      { ...llamaConfig, hidden_size: '4096' },
      /hidden_size = "4096": expected a positive integer/,
    ],
    [
      'non-positive size',
      { ...llamaConfig, num_hidden_layers: 0 },
      /num_hidden_layers = 0: expected a positive integer/,
    ],
    [
      'fractional size',
      { ...llamaConfig, intermediate_size: 11008.5 },
      /intermediate_size = 11008.5: expected a positive integer/,
    ],
    [
      'a required size set to null',
      { ...llamaConfig, hidden_size: null },
      /hidden_size = null: expected a positive integer/,
    ],
    [
      'a size the class has no default for',
      { model_type: 't5', d_model: 512, d_kv: null, num_heads: 8 },
      /d_kv = null: expected a positive integer/,
    ],
    [
      'width not divisible by heads',
      { ...llamaConfig, num_attention_heads: 33, num_key_value_heads: 33 },
      /hidden_size = 4096: expected a multiple of num_attention_heads = 33/,
    ],
    [
      'heads not divisible by kv heads',
      { ...llamaConfig, num_key_value_heads: 5 },
      /num_attention_heads = 32: expected a multiple of num_key_value_heads = 5/,
    ],
    [
      'mistyped flag',
      { ...llamaConfig, tie_word_embeddings: 'no' },
      /tie_word_embeddings = "no": expected true or false/,
    ],
    [
      'unknown class',
      { ...llamaConfig, architectures: ['LlamaForPoetry'] },
      /class LlamaForPoetry is not one llama can count: expected one of LlamaForCausalLM/,
    ],
    ['not an object', [1, 2], /expected a JSON object/],
  ];
  it.each(cases)('%s', (_name, config, message) => {
    const { code, stdout, stderr } = runCli([
      'derive',
      '--config',
      writeJson(config),
      '--format',
      'json',
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each([
    [
      'a missing file',
      ['derive', '--config', '/nonexistent/config.json'],
      /cannot read config \/nonexistent\/config.json: no such file/,
    ],
    ['invalid JSON', ['derive', '--config', writeJson('{"model_type": ')], /is not valid JSON/],
    [
      'two sources',
      ['derive', 'gpt2', '--config', writeJson(llamaConfig)],
      /give one of: a target, --config FILE, or --spec FILE/,
    ],
    [
      '--class on a component',
      ['derive', 'attention', '--class', 'BertModel'],
      /--class applies to a model/,
    ],
    [
      'a spec with a bad field',
      ['derive', '--spec', writeJson({ name: 'x', sizes: { d: 0 }, modules: [] })],
      /: spec field sizes\.d: expected a whole number ≥ 1, got 0$/m,
    ],
    [
      'a spec with a bad formula',
      [
        'derive',
        '--spec',
        writeJson({
          name: 'x',
          sizes: { d: 4 },
          modules: [{ kind: 'embedding', key: 'e', rows: 'd/3', dim: 'd' }],
        }),
      ],
      /: spec field modules\[0\]\.rows: formula 'd\/3': the operator '\/' is not supported/,
    ],
  ])('%s', (_name, args, message) => {
    const { code, stderr } = runCli(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});
