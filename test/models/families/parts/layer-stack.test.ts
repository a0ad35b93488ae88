import { describe, expect, it } from 'vitest';
import { ConfigFields } from '../../../../src/models/config/config-fields.js';
import { evaluate } from '../../../../src/expr/evaluate.js';
import { sym } from '../../../../src/expr/nodes.js';
import { SizeBook } from '../../../../src/models/families/building-blocks.js';
import {
  firstDenseStacks,
  sparseLayerCount,
  sparseLayerIndices,
} from '../../../../src/models/families/parts/layer-stack.js';

// Qwen-MoE's rule as modeling_qwen2_moe.py applies it, layer by layer: layer i is sparse when it
// is not in mlp_only_layers, there are experts and (i + 1) % decoder_sparse_step == 0. The test
// enumerates the layers; the part counts them without enumerating.
const enumerated = (layers: number, step: number, listed: number[], experts: number) =>
  Array.from({ length: layers }, (_, i) => i).filter(
    (i) => !listed.includes(i) && experts > 0 && (i + 1) % step === 0,
  ).length;

const qwenRule = {
  period: 'decoder_sparse_step',
  exceptListed: 'mlp_only_layers',
  experts: 'num_experts',
};

describe('sparseLayerCount', () => {
  const cases: Array<[number, number, number[], number]> = [
    [24, 1, [], 60],
    [24, 2, [], 60],
    [24, 3, [0, 2, 5, 23], 60],
    [28, 1, [0, 1, 27], 128],
    [7, 4, [3, 99, -1], 8],
    [24, 1, [], 0],
  ];
  it.each(cases)('%i layers, step %i, dense %j, %i experts', (layers, step, listed, experts) => {
    const config = new ConfigFields(
      {
        num_hidden_layers: layers,
        decoder_sparse_step: step,
        mlp_only_layers: listed,
        num_experts: experts,
      },
      {},
      'qwen2_moe',
    );
    expect(sparseLayerCount(config, qwenRule)).toBe(
      BigInt(enumerated(layers, step, listed, experts)),
    );
    // The listed indices agree with the count: the same layers, named by position.
    expect(sparseLayerIndices(config, qwenRule)?.length).toBe(
      enumerated(layers, step, listed, experts),
    );
  });

  it('every layer, when the family says all', () => {
    const config = new ConfigFields({ num_hidden_layers: 32 }, {}, 'mixtral');
    expect(sparseLayerCount(config, 'all')).toBe(32n);
  });
});

describe('firstDenseStacks', () => {
  // DeepSeek's rule (modeling_deepseek_v2.py): layer i has experts when i >= first_k_dense_replace.
  const layer = (label: string) =>
    ({ kind: 'norm', type: 'rmsnorm', key: label, dim: sym('d') }) as const;
  it.each([
    [27, 1],
    [61, 3],
    [4, 0],
    [4, 4],
  ])('%i layers, the first %i dense', (layers, firstDense) => {
    const sizes = new SizeBook();
    const stacks = firstDenseStacks(sizes, BigInt(layers), BigInt(firstDense), layer, layer);
    const counts = stacks.map((s) => evaluate(s.count, sizes.sizes));
    const byRule = Array.from({ length: layers }, (_, i) => i >= firstDense);
    const expected = [byRule.filter((s) => !s).length, byRule.filter((s) => s).length].filter(
      (n) => n > 0,
    );
    expect(counts).toEqual(expected.map(BigInt));
    // The sparse copies continue the dense ones' list: layers.{L_dense + i}.
    const sparse = stacks.find((s) => s.child.key === 'moe-layer');
    if (sparse && firstDense > 0) expect(sparse.indexAs?.key).toBe('layers');
  });
});
