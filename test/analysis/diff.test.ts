import { describe, expect, it } from 'vitest';
import { diffModels } from '../../src/analysis/diff.js';
import { findPreset } from '../../src/models/presets.js';
import { deriveModel } from '../../src/requests/derive-model.js';
import { diffJson, diffText } from '../../src/printers/diff-report.js';

const model = (name: string) => {
  const preset = findPreset(name)!;
  return deriveModel({ config: preset.config, source: preset.repository, title: name });
};
const config = (name: string, field: string) => BigInt(findPreset(name)!.config[field] as number);

describe('diff: a symbol a model takes by default still shows its value', () => {
  it('n_kv of Llama-2-7B is its 32 heads (num_key_value_heads = num_attention_heads), not —', () => {
    const diff = diffModels(model('llama-2-7b'), model('llama-2-70b'));
    const nkv = diff.symbols.find((s) => s.name === 'n_kv')!;
    expect(nkv).toEqual({
      name: 'n_kv',
      a: config('llama-2-7b', 'num_attention_heads'),
      b: config('llama-2-70b', 'num_key_value_heads'),
      aFrom: 'n_h',
    });
    expect(nkv.a).toBe(32n);
    expect(diffText(diff, 100)).toMatch(
      /\n {2}n_kv +32 → 8 {3}\(by default n_kv = n_h in llama-2-7b\)\n/,
    );
    expect(
      (diffJson(diff).symbols as unknown[]).find((s) => (s as { name: string }).name === 'n_kv'),
    ).toEqual({ name: 'n_kv', a: '32', b: '8', a_default_of: 'n_h' });
  });

  it('OPT-125m projects nothing: d_emb = d_model = 768 beside OPT-350m’s 512', () => {
    const d = diffModels(model('opt-350m'), model('opt-125m')).symbols.find(
      (s) => s.name === 'd_emb',
    )!;
    expect(d).toEqual({
      name: 'd_emb',
      a: config('opt-350m', 'word_embed_proj_dim'),
      b: config('opt-125m', 'hidden_size'),
      bFrom: 'd_model',
    });
    expect(d.a).toBe(512n);
  });

  it('a head count the count does not need (BERT) comes from the config; a symbol the model has no value for stays —', () => {
    const diff = diffModels(model('bert-base-uncased'), model('llama-2-7b'));
    expect(diff.symbols.find((s) => s.name === 'n_h')).toEqual({ name: 'n_h', a: 12n, b: 32n });
    expect(diff.symbols.find((s) => s.name === 'n_type')).toEqual({ name: 'n_type', a: 2n });
  });

  it('a symbol equal on both sides once its default is known is not listed', () => {
    // Mistral-7B: 8 key/value heads; Llama-2-70B: 8 too, both from their configs.
    expect(
      diffModels(model('llama-2-70b'), model('mistral-7b')).symbols.map((s) => s.name),
    ).not.toContain('n_kv');
    // Neither Llama-2-7B nor 13B has key/value heads of its own: n_h already says how they differ.
    expect(
      diffModels(model('llama-2-7b'), model('llama-2-13b')).symbols.map((s) => s.name),
    ).toEqual(['d_model', 'n_h', 'L', 'd_ff']);
  });
});
