import { describe, expect, it } from 'vitest';
import { expectedParameters } from '../../src/analysis/verify.js';
import { deriveTarget } from '../../src/report/derive-target.js';
import { text } from '../../src/printers/notation.js';
import { torchCases, settingsOf } from '../support/fixtures.js';

// PyTorch's names and shapes, as `dict((n, list(p.shape)) for n, p in m.named_parameters())` lists them for
// nn.MultiheadAttention(512, 8, …) (torch/nn/modules/activation.py: its own parameters first, then out_proj's).
const named = (settings: string[]) => {
  const report = deriveTarget(
    'torch.nn.MultiheadAttention',
    settings.map((s) => s.split('=') as [string, string]),
  );
  return {
    report,
    parameters: expectedParameters(report.part, report.bindings).parameters.map((p) => [
      p.name,
      p.shape.map(Number),
    ]),
  };
};

describe('torch.nn.MultiheadAttention under PyTorch’s own names', () => {
  it('fuses Q, K and V into in_proj_weight [3d, d] and in_proj_bias [3d] when kdim = vdim = embed_dim', () => {
    expect(named(['embed_dim=512', 'num_heads=8']).parameters).toEqual([
      ['in_proj_weight', [1536, 512]],
      ['in_proj_bias', [1536]],
      ['out_proj.weight', [512, 512]],
      ['out_proj.bias', [512]],
    ]);
    // kdim and vdim given equal to embed_dim: PyTorch still fuses (_qkv_same_embed_dim).
    expect(named(['embed_dim=512', 'num_heads=8', 'kdim=512', 'vdim=512']).parameters[0]).toEqual([
      'in_proj_weight',
      [1536, 512],
    ]);
  });

  it('keeps q_proj_weight, k_proj_weight [d, kdim], v_proj_weight [d, vdim] apart when they differ; add_bias_kv adds bias_k, bias_v', () => {
    expect(
      named(['embed_dim=512', 'num_heads=8', 'kdim=256', 'vdim=1024', 'add_bias_kv=true'])
        .parameters,
    ).toEqual([
      ['q_proj_weight', [512, 512]],
      ['k_proj_weight', [512, 256]],
      ['v_proj_weight', [512, 1024]],
      ['in_proj_bias', [1536]],
      ['bias_k', [512]],
      ['bias_v', [512]],
      ['out_proj.weight', [512, 512]],
      ['out_proj.bias', [512]],
    ]);
    expect(named(['embed_dim=512', 'num_heads=8', 'kdim=256']).parameters.slice(0, 3)).toEqual([
      ['q_proj_weight', [512, 512]],
      ['k_proj_weight', [512, 256]],
      ['v_proj_weight', [512, 512]],
    ]);
  });

  it('derives the count over those names, and every fixture case still totals what PyTorch counts', () => {
    expect(
      named(['embed_dim=512', 'num_heads=8']).report.derivations[0]!.steps.map((s) =>
        text(s.expr),
      )[0],
    ).toBe('W_in + b_in + P_O');
    const cases = torchCases.filter(
      (c) => c.module === 'MultiheadAttention' || c.module.startsWith('Transformer'),
    );
    expect(cases.length).toBeGreaterThan(5);
    for (const c of cases)
      expect(deriveTarget(`torch.nn.${c.module}`, settingsOf(c.args)).total).toBe(BigInt(c.params));
  });

  it('is the self-attention of nn.TransformerEncoderLayer and the two of nn.TransformerDecoderLayer', () => {
    const names = (id: string) => {
      const r = deriveTarget(id, [
        ['d_model', '512'],
        ['nhead', '8'],
      ]);
      return expectedParameters(r.part, r.bindings)
        .parameters.map((p) => p.name)
        .filter((n) => /attn/.test(n));
    };
    expect(names('torch.nn.TransformerEncoderLayer')).toEqual([
      'self_attn.in_proj_weight',
      'self_attn.in_proj_bias',
      'self_attn.out_proj.weight',
      'self_attn.out_proj.bias',
    ]);
    expect(names('torch.nn.TransformerDecoderLayer')).toEqual([
      'self_attn.in_proj_weight',
      'self_attn.in_proj_bias',
      'self_attn.out_proj.weight',
      'self_attn.out_proj.bias',
      'multihead_attn.in_proj_weight',
      'multihead_attn.in_proj_bias',
      'multihead_attn.out_proj.weight',
      'multihead_attn.out_proj.bias',
    ]);
  });
});
