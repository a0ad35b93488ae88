import { describe, expect, it } from 'vitest';
import {
  alignedTex,
  canonical,
  compile,
  deriveModel,
  deriveTarget,
  evaluate,
  factored,
  findPreset,
  katexFragments,
  parseFormula,
  renderDocument,
  renderKatex,
  toTex,
  toText,
} from '../src/index.js';

// The README's library example, line by line (the package entry is what users import).
describe('README library example', () => {
  it('derives, renders and evaluates as the README says', () => {
    const layer = deriveTarget('torch.nn.TransformerEncoderLayer', [
      ['d_model', '512'],
      ['nhead', '8'],
    ]);
    expect(layer.total).toBe(3152384n);
    expect(toTex(layer.derivations[0]!.steps.at(-2)!.expr)).toBe(
      '4 \\cdot 512^{2} + 2 \\cdot 512 \\cdot 2{,}048 + 9 \\cdot 512 + 2{,}048',
    );

    const llama = deriveModel({
      config: findPreset('llama-2-7b')!.config,
      source: 'meta-llama/Llama-2-7b-hf',
    });
    expect(llama.total).toBe(6738415616n);
    expect(llama.model!.nonEmbedding).toBe(6476271616n);
    const megatron = llama.model!.approximations[1]!;
    expect(megatron.applies && megatron.error).toBe(146411520n);

    const tex = alignedTex(llama.derivations[0]!);
    expect(tex.startsWith('P_{\\text{model}} &= P_{\\text{base}} + P_{\\text{head}} \\\\')).toBe(
      true,
    );
    expect(renderKatex(`\\begin{aligned}${tex}\\end{aligned}`, { displayMode: true })).toContain(
      'katex-display',
    );
    expect(katexFragments(llama, 'mathml')).toContain('<math');
    expect(renderDocument(llama, { format: 'md', lang: 'zh' })).toContain('## 符号表');

    const attention = parseFormula('4*(d*d + d)');
    expect(toText(canonical(attention))).toBe('4·d² + 4·d');
    expect(toTex(factored(attention))).toBe('4\\left(d^{2} + d\\right)');
    expect(evaluate(attention, { d: 512n })).toBe(1050624n);
    expect(compile(attention).evaluateNumber({ d: 512 })).toBe(1050624);
  });
});
