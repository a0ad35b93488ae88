import { describe, expect, it } from 'vitest';
import { childrenOf, type Part } from '../../src/components/part.js';
import { labelTex, labelText } from '../../src/render/label.js';
import { deriveTarget } from '../../src/report/derive-target.js';

/** Every label of a tree as `tex | text`, each once, in reading order. */
function labelsOf(part: Part): string[] {
  const all = [`${labelTex(part.label)} | ${labelText(part.label)}`];
  for (const c of childrenOf(part)) all.push(...labelsOf(c));
  return [...new Set(all)];
}

// The labels as the components printed them before labels became structure (hand-written TeX and
// text, commit 6043422): the structure must print the same. One change is intended: a space in a
// subscript is `_` in every text label (`γ_LN_final`, as `P_LN_final`), not only in count labels.
describe('component labels print as they always did', () => {
  it.each<[string, Array<[string, string]>, string[]]>([
    [
      'layernorm',
      [],
      ['P_{\\text{LN}} | P_LN', '\\gamma_{\\text{LN}} | γ_LN', '\\beta_{\\text{LN}} | β_LN'],
    ],
    ['rmsnorm', [], ['P_{\\text{RMS}} | P_RMS', '\\gamma_{\\text{RMS}} | γ_RMS']],
    ['lm-head', [], ['P_{\\text{head}} | P_head', 'W_{\\text{head}} | W_head']],
    [
      'torch.nn.Linear',
      [],
      ['P_{\\text{lin}} | P_lin', 'W_{\\text{lin}} | W_lin', 'b_{\\text{lin}} | b_lin'],
    ],
    ['torch.nn.Embedding', [], ['E_{\\text{emb}} | E_emb']],
    [
      'embedding',
      [],
      [
        'P_{\\text{emb}} | P_emb',
        'E_{\\text{word}} | E_word',
        'E_{\\text{type}} | E_type',
        'E_{\\text{pos}} | E_pos',
        'P_{\\text{LN}} | P_LN',
        '\\gamma_{\\text{LN}} | γ_LN',
        '\\beta_{\\text{LN}} | β_LN',
      ],
    ],
    [
      'torch.nn.MultiheadAttention',
      [
        ['add_bias_kv', 'true'],
        ['kdim', '64'],
      ],
      [
        'P_{\\text{attn}} | P_attn',
        'W_{Q} | W_Q',
        'W_{K} | W_K',
        'W_{V} | W_V',
        'b_{\\text{in}} | b_in',
        'b_{k} | b_k',
        'b_{v} | b_v',
        'P_{O} | P_O',
        'W_{O} | W_O',
        'b_{O} | b_O',
      ],
    ],
  ])('%s %j', (target, settings, expected) => {
    expect(labelsOf(deriveTarget(target, settings).part)).toEqual(expected);
  });

  it('a stack and its final norm: words with a space, upright in TeX, joined by _ in text', () => {
    const labels = labelsOf(deriveTarget('torch.nn.TransformerEncoder', [['norm', 'true']]).part);
    expect(labels.slice(0, 3)).toEqual([
      'P_{\\text{enc}} | P_enc',
      'P_{\\text{enc layers}} | P_enc_layers',
      'P_{\\text{enc-layer}} | P_enc-layer',
    ]);
    expect(labels.slice(-3)).toEqual([
      'P_{\\text{LN final}} | P_LN_final',
      '\\gamma_{\\text{LN final}} | γ_LN_final',
      '\\beta_{\\text{LN final}} | β_LN_final',
    ]);
  });
});
