import { describe, expect, it } from 'vitest';
import { label, qualifiedLabel, upright, type Label } from '../../src/expr/nodes.js';
import { labelTex, labelText } from '../../src/render/label.js';
import { countLabel } from '../../src/components/part.js';

// Each row is how the documents print the label today (test/documents/__snapshots__).
describe('labels: one structure, one printer per format', () => {
  it.each<[string, Label, string, string]>([
    ['a letter stays italic', label('W', 'Q'), 'W_{Q}', 'W_Q'],
    ['a word is set upright', label('P', 'attn'), 'P_{\\text{attn}}', 'P_attn'],
    ['a base alone', label('N'), 'N', 'N'],
    ['a Greek base by the table', label('γ', upright('LN')), '\\gamma_{\\text{LN}}', 'γ_LN'],
    ['β too', label('β', upright('LN1')), '\\beta_{\\text{LN1}}', 'β_LN1'],
    ['one letter upright on request', label('P', upright('q')), 'P_{\\text{q}}', 'P_q'],
    [
      'user text escaped for TeX',
      countLabel('embed_tokens'),
      'P_{\\text{embed\\_tokens}}',
      'P_embed_tokens',
    ],
    [
      'TeX code stays text',
      countLabel('\\def{x}'),
      'P_{\\text{\\textbackslash{}def\\{x\\}}}',
      'P_\\def{x}',
    ],
    ['a space joins in text', countLabel('enc layers'), 'P_{\\text{enc layers}}', 'P_enc_layers'],
    [
      'qualified subscripts, comma-separated',
      qualifiedLabel(label('P', 'tr'), { name: 'dense' }),
      'P_{\\text{tr},\\text{dense}}',
      'P_tr,dense',
    ],
    [
      'a number stays italic',
      qualifiedLabel(label('P', 'up'), { name: '12', upright: false }),
      'P_{\\text{up},12}',
      'P_up,12',
    ],
    ['a slash in a word', label('M', 'kv/token'), 'M_{\\text{kv/token}}', 'M_kv/token'],
  ])('%s', (_what, l, tex, text) => {
    expect(labelTex(l)).toBe(tex);
    expect(labelText(l)).toBe(text);
  });
});
