import { describe, expect, it } from 'vitest';
import { UserError } from '../../../../src/errors/user-error.js';
import { ConfigFields } from '../../../../src/models/config/config-fields.js';
import { uniformPerLayer } from '../../../../src/models/families/parts/per-layer-fields.js';

// HunYuan's config class types `num_experts` and `moe_topk` as `int | list` and its modeling code
// reads `value if isinstance(value, int) else value[layer_idx]`: a list needs an entry a layer.
const read = (value: unknown, layers = 3n) =>
  uniformPerLayer(new ConfigFields({ num_experts: value }, {}, 'test'), 'num_experts', layers);

describe('uniformPerLayer', () => {
  it.each([
    [64, 64n],
    [[64, 64, 64], 64n],
    // transformers reads only the first num_hidden_layers entries.
    [[64, 64, 64, 8], 64n],
    [null, undefined],
    [undefined, undefined],
  ])('reads %j as %s', (value, expected) => {
    expect(read(value)).toBe(expected);
  });

  it.each([[[64, 8, 64]], [[64, 64]], [[64, 0, 64]], [['64', '64', '64']], [0]])(
    'refuses %j, naming the field',
    (value) => {
      expect(() => read(value)).toThrow(UserError);
      expect(() => read(value)).toThrow(/^num_experts = /);
    },
  );
});
