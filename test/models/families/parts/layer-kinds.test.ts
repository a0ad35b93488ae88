import { describe, expect, it } from 'vitest';
import { ConfigFields } from '../../../../src/models/config/config-fields.js';
import { sym } from '../../../../src/expr/nodes.js';
import { SizeBook } from '../../../../src/models/families/building-blocks.js';
import { layerKinds, layerKindStacks } from '../../../../src/models/families/parts/layer-kinds.js';
import { UserError } from '../../../../src/errors/user-error.js';

const norm = (key: string) => () =>
  ({ kind: 'norm', type: 'rmsnorm', key, dim: sym('d') }) as const;
const kinds = {
  linear: { tag: 'lin', name: 'linear-attention layers', layer: norm('linear_attn') },
  attention: { tag: 'attn', name: 'attention layers', layer: norm('self_attn') },
};
// Qwen3NextConfig's default: layer i attends fully when (i + 1) % 4 == 0, else Gated DeltaNet.
const qwen3NextDefault = (i: number) => ((i + 1) % 4 === 0 ? 'attention' : 'linear');
const typeNames = { linear_attention: 'linear', full_attention: 'attention' };

describe('layerKinds', () => {
  it('reads the listed types, several names sharing a kind', () => {
    const config = new ConfigFields(
      {
        num_hidden_layers: 3,
        layer_types: ['sliding_attention', 'full_attention', 'linear_attention'],
      },
      {},
      'x',
    );
    expect(
      layerKinds(
        config,
        'layer_types',
        { ...typeNames, sliding_attention: 'attention' },
        qwen3NextDefault,
      ),
    ).toEqual(['attention', 'attention', 'linear']);
  });

  it('falls back to the pattern when the config lists none', () => {
    const config = new ConfigFields({ num_hidden_layers: 8 }, {}, 'x');
    expect(layerKinds(config, 'layer_types', typeNames, qwen3NextDefault)).toEqual([
      'linear',
      'linear',
      'linear',
      'attention',
      'linear',
      'linear',
      'linear',
      'attention',
    ]);
  });

  it.each([
    [{ num_hidden_layers: 2, layer_types: ['full_attention'] }, 'layer_types'],
    [{ num_hidden_layers: 2, layer_types: 'full_attention' }, 'layer_types'],
    [{ num_hidden_layers: 2, layer_types: ['full_attention', 'mamba'] }, 'layer_types[1]'],
    [{ num_hidden_layers: 10 ** 9 }, 'num_hidden_layers'],
  ])('refuses %j, naming %s', (raw, field) => {
    const config = new ConfigFields(raw, {}, 'x');
    let error: unknown;
    try {
      layerKinds(config, 'layer_types', typeNames, qwen3NextDefault);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).details.field).toBe(field);
  });
});

describe('layerKindStacks', () => {
  it('one stack of L when the layers are alike', () => {
    const sizes = new SizeBook();
    const { stacks, countOf } = layerKindStacks(sizes, ['linear', 'linear'], kinds);
    expect(stacks).toHaveLength(1);
    expect(stacks[0]).toMatchObject({ key: 'layers', count: sym('L') });
    expect(stacks[0]!.indexAs).toBeUndefined();
    expect(sizes.sizes.L).toBe(2n);
    expect(countOf('attention')).toBeUndefined();
  });

  it('one stack a kind, its copies at their indices', () => {
    const sizes = new SizeBook();
    const kindOf = Array.from({ length: 8 }, (_, i) => qwen3NextDefault(i));
    const { stacks, countOf } = layerKindStacks(sizes, kindOf, kinds);
    expect(stacks.map((s) => [s.key, s.indexAs?.at])).toEqual([
      ['lin_layers', [0n, 1n, 2n, 4n, 5n, 6n]],
      ['attn_layers', [3n, 7n]],
    ]);
    expect(sizes.sizes).toMatchObject({ L_lin: 6n, L_attn: 2n });
    expect(countOf('attention')).toEqual(sym('L_attn'));
  });
});
