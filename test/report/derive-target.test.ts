import { describe, expect, it } from 'vitest';
import { deriveTarget } from '../../src/report/derive-target.js';
import { runCli } from '../support/cli.js';

// The seed's printed values (issue 2), each a PyTorch count: attention, FFN (two nn.Linear),
// LayerNorm, encoder and decoder layers are nn modules; the BERT-large embedding sum is
// Embedding(30522,1024) + Embedding(2,1024) + Embedding(512,1024) + LayerNorm(1024).
describe('seed values', () => {
  it.each([
    ['attention', [['d_model', '512']], 1_050_624],
    [
      'ffn',
      [
        ['d_model', '512'],
        ['d_ff', '2048'],
      ],
      2_099_712,
    ],
    ['layernorm', [['d_model', '512']], 1_024],
    [
      'encoder-layer',
      [
        ['d_model', '512'],
        ['d_ff', '2048'],
      ],
      3_152_384,
    ],
    [
      'decoder-layer',
      [
        ['d_model', '512'],
        ['d_ff', '2048'],
      ],
      4_204_032,
    ],
    [
      'embedding',
      [
        ['vocab_size', '30522'],
        ['max_position_embeddings', '512'],
        ['d_model', '1024'],
      ],
      31_782_912,
    ],
  ] as const)('%s', (target, settings, expected) => {
    expect(deriveTarget(target, settings)).toHaveParams(expected);
  });

  it('torch.nn.Transformer with its defaults reports 44,140,544 as JSON', () => {
    const { code, stdout } = runCli([
      'derive',
      'torch.nn.Transformer',
      '--set',
      'd_model=512',
      '--format',
      'json',
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).total).toBe('44140544');
  });
});
