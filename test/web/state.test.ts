import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { figureDtypes } from '../../src/requests/model-figures.js';
import { cacheTypeNames } from '../../src/requests/defaults.js';
import { gpuTable } from '../../src/hardware/gpu-table.js';
import { sizingOptions } from '../../src/web/sizing-state.js';
import { findPreset } from '../../src/models/presets.js';
import { families } from '../../src/models/families/registry.js';
import { boundKnobs } from '../../src/web/knobs.js';
import {
  defaultState,
  stateFromQuery,
  stateToQuery,
  withOverride,
  type PageState,
} from '../../src/web/state.js';

const fieldName = fc.stringMatching(/^[a-z_][a-z0-9_]{0,20}$/);
const value = fc.oneof(
  fc.integer({ min: 1, max: 1_000_000 }).map(String),
  fc.constantFrom('true', 'false', 'null', 'gelu_new'),
  fc.bigInt({ min: 1n, max: 10n ** 30n }).map(String),
);
const arbitraryState: fc.Arbitrary<PageState> = fc
  .record({
    model: fc.constantFrom('llama-2-7b', 'gpt2', 'meta-llama/Llama-3.1-8B', 'org/name@v1.0'),
    pasted: fc.option(fc.tuple(fc.constantFrom('config', 'spec'), fc.json()), { nil: undefined }),
    className: fc.option(fc.constantFrom('LlamaModel', 'GPT2LMHeadModel'), { nil: undefined }),
    set: fc.uniqueArray(fc.tuple(fieldName, value), { selector: ([f]) => f, maxLength: 5 }),
    lang: fc.constantFrom('en' as const, 'zh' as const),
    dtype: fc.constantFrom(...figureDtypes),
    context: fc.option(fc.integer({ min: 1, max: 10_000_000 }).map(String), { nil: undefined }),
    endpoint: fc.option(fc.constantFrom('https://hf-mirror.com', 'http://127.0.0.1:8080'), {
      nil: undefined,
    }),
    sizing: fc.record(
      {
        gpu: fc.constantFrom(...gpuTable.map((g) => g.name)),
        gpus: fc.integer({ min: 1, max: 100_000 }).map(String),
        kvDtype: fc.constantFrom(...cacheTypeNames),
        loraRank: fc.integer({ min: 1, max: 4096 }).map(String),
        targetModules: fc.constantFrom('q_proj,v_proj', 'all-linear', 'c_attn', 'query,key.value'),
      },
      { requiredKeys: [] },
    ),
  })
  .map(({ pasted, className, context, endpoint, sizing, ...rest }) => ({
    ...rest,
    ...sizing,
    ...(pasted ? { [pasted[0]]: pasted[1] } : {}),
    ...(className ? { className } : {}),
    ...(context ? { context } : {}),
    ...(endpoint ? { endpoint } : {}),
  }));

describe('the page state in the URL', () => {
  it('reads back every state it writes (property)', () => {
    fc.assert(
      fc.property(arbitraryState, (state) => {
        const { state: read, problems } = stateFromQuery(stateToQuery(state));
        expect(problems).toEqual([]);
        // A pasted file replaces the model name in the link.
        const expected =
          state.config !== undefined || state.spec !== undefined
            ? { ...state, model: defaultState.model }
            : state;
        expect(read).toEqual(expected);
      }),
    );
  });

  it('writes the link the README shows, and reads the short forms people type', () => {
    const state = withOverride({ ...defaultState, lang: 'zh' }, 'num_hidden_layers', '40');
    expect(stateToQuery(state)).toBe('?model=llama-2-7b&set=num_hidden_layers%3A40&lang=zh');
    const typed = stateFromQuery('?model=gpt2&set=n_layer:24,n_embd:1024&lang=zh').state;
    expect(typed).toMatchObject({
      model: 'gpt2',
      lang: 'zh',
      set: [
        ['n_layer', '24'],
        ['n_embd', '1024'],
      ],
    });
    expect(stateFromQuery('').state).toEqual(defaultState);
  });

  it('says what it could not read and keeps the default for it', () => {
    const { state, problems } = stateFromQuery(
      '?model=gpt2&lang=fr&dtype=int3&context=-5&set=oops&config=%%%',
    );
    expect(state).toMatchObject({ model: 'gpt2', lang: 'en', dtype: 'bf16' });
    expect(state.context).toBeUndefined();
    expect(problems).toEqual([
      'set=oops: expected field:value',
      'lang=fr: expected en or zh',
      'dtype=int3: expected one of bf16, fp16, fp32, fp8, int8',
      'context=-5: expected a positive whole number of tokens',
      'config=…: not base64url-encoded JSON',
    ]);
  });

  it('takes endpoint= only as an http(s) URL: data:, file:, javascript: and the like are refused and left out', () => {
    for (const good of [
      'https://hf-mirror.com',
      'http://127.0.0.1:8080',
      'https://example.com/hf/',
    ]) {
      expect(stateFromQuery(`?model=org/x&endpoint=${encodeURIComponent(good)}`), good).toEqual({
        state: { ...defaultState, model: 'org/x', endpoint: good },
        problems: [],
      });
    }
    const bad: Array<[string, string]> = [
      [
        'data:application/json,{"model_type":"gpt2","n_layer":96}',
        'data:application/json,{"model_type":"gpt2","n_layer":96}',
      ],
      ['file:///etc/passwd', 'file:///etc/passwd'],
      ['javascript:alert(1)', 'javascript:alert(1)'],
      ['ftp://mirror.example', 'ftp://mirror.example'],
      ['https://user:secret@mirror.example', 'https://user:secret@mirror.example'],
      ['https://mirror.example/?x=1', 'https://mirror.example/?x=1'],
      ['mirror.example', 'mirror.example'],
      ['https://mirror.example/\nfake', 'https://mirror.example/\nfake'],
      [`data:text/plain,${'a'.repeat(100)}`, `data:text/plain,${'a'.repeat(41)}…`],
    ];
    for (const [endpoint, shown] of bad) {
      const { state, problems } = stateFromQuery(
        `?model=org/x&endpoint=${encodeURIComponent(endpoint)}`,
      );
      expect(state.endpoint, endpoint).toBeUndefined();
      expect(problems, endpoint).toEqual([
        `endpoint=${shown}: expected an http(s) URL such as https://hf-mirror.com`,
      ]);
    }
  });

  it('keeps a pasted config with any characters exactly', () => {
    const config = JSON.stringify({ model_type: 'gpt2', name: 'модель 模型 🤗', n_layer: 2 });
    expect(stateFromQuery(stateToQuery({ ...defaultState, config })).state.config).toBe(config);
  });

  it('replaces, adds and removes one override, keeping the others in order', () => {
    let state = withOverride(defaultState, 'a', '1');
    state = withOverride(state, 'b', '2');
    state = withOverride(state, 'a', '3');
    expect(state.set).toEqual([
      ['a', '3'],
      ['b', '2'],
    ]);
    expect(withOverride(state, 'a', undefined).set).toEqual([['b', '2']]);
  });
});

describe('the form binds each control to the field the model writes it under', () => {
  const knobsOf = (preset: string) => {
    const { config } = findPreset(preset)!;
    const family = families.find((f) => f.modelTypes.includes(String(config.model_type)))!;
    return Object.fromEntries(
      boundKnobs(config, family.defaults).map((b) => [b.knob.key, [b.field, b.value]]),
    );
  };

  it.each([
    [
      'llama-2-7b',
      {
        layers: ['num_hidden_layers', 32],
        width: ['hidden_size', 4096],
        kvHeads: ['num_key_value_heads', 32],
        tie: ['tie_word_embeddings', false],
      },
    ],
    [
      'gpt2',
      {
        layers: ['n_layer', 12],
        width: ['n_embd', 768],
        heads: ['n_head', 12],
        vocab: ['vocab_size', 50257],
      },
    ],
    ['t5-small', { layers: ['num_layers', 6], width: ['d_model', 512], ffWidth: ['d_ff', 2048] }],
    [
      'bart-large',
      {
        encoderLayers: ['encoder_layers', 12],
        decoderLayers: ['decoder_layers', 12],
        width: ['d_model', 1024],
      },
    ],
    ['mixtral-8x7b', { experts: ['num_local_experts', 8] }],
  ])('%s', (preset, expected) => {
    expect(knobsOf(preset)).toMatchObject(expected);
  });

  it('a family default fills a field the config leaves out (Gemma ties by default)', () => {
    expect(knobsOf('gemma-2b').tie).toEqual(['tie_word_embeddings', true]);
  });

  it("the sizing knobs: under the CLI's option names, read into the figure options", () => {
    const { state, problems } = stateFromQuery(
      '?model=llama-2-7b&gpu=rtx-4090&gpus=2&kv-dtype=fp8&lora-rank=16&target-modules=q_proj,v_proj',
    );
    expect(problems).toEqual([]);
    // A GPU is kept by its name in the table, however it was written.
    expect(state).toMatchObject({ gpu: 'RTX 4090', gpus: '2', kvDtype: 'fp8', loraRank: '16' });
    expect(stateToQuery(state)).toBe(
      '?model=llama-2-7b&gpu=RTX+4090&gpus=2&kv-dtype=fp8&lora-rank=16&target-modules=q_proj%2Cv_proj',
    );
    const options = sizingOptions(state);
    expect(options.gpu?.spec.name).toBe('RTX 4090');
    expect(options.gpu?.count).toBe(2n);
    expect(options.kvDtype).toBe('fp8');
    expect(options.lora).toEqual({
      rank: 16n,
      targetModules: { kind: 'names', names: ['q_proj', 'v_proj'] },
    });
    expect(sizingOptions(stateFromQuery('?target-modules=ALL-LINEAR').state).lora).toEqual({
      rank: 8n,
      targetModules: { kind: 'all-linear' },
    });
    expect(sizingOptions(defaultState)).toEqual({});
  });

  it('a sizing knob it cannot read is a problem, left at its default', () => {
    const { state, problems } = stateFromQuery(
      '?gpu=rtx-9090&gpus=0&kv-dtype=q9&lora-rank=1.5&target-modules=q_proj,,v',
    );
    expect(state).toEqual(defaultState);
    expect(problems).toEqual([
      'gpu=rtx-9090: not a GPU in the table',
      'gpus=0: expected 1 to 100000 GPUs',
      `kv-dtype=q9: expected one of ${cacheTypeNames.join(', ')}`,
      "lora-rank=1.5: expected a positive whole number (PEFT's r)",
      'target-modules=q_proj,,v: expected module names separated by commas, or all-linear',
    ]);
  });
});
