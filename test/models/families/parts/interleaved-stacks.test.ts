import { describe, expect, it } from 'vitest';
import { num } from '../../../../src/expr/nodes.js';
import { SizeBook } from '../../../../src/models/families/building-blocks.js';
import {
  interleavedStacks,
  kindCounts,
} from '../../../../src/models/families/parts/interleaved-stacks.js';
import type { ModuleSpec } from '../../../../src/models/spec/model-spec.js';

// PyTorch names layer i `layers.i` whatever its kind; a kind whose layers are one run can be
// named by an offset, one spread among the others cannot yet.
const layer = (label: string): ModuleSpec => ({ kind: 'tensor', key: 'w', label, shape: [num(1)] });
const group = (indices: number[], key: string) => ({
  indices: indices.map(BigInt),
  count: num(BigInt(indices.length)),
  key,
  name: key,
  label: key,
  layer,
});

describe('interleavedStacks', () => {
  it('names runs as PyTorch does: the first `layers`, the next continuing its numbering', () => {
    const [dense, moe] = interleavedStacks([
      group([0], 'dense_layers'),
      group([1, 2, 3], 'moe_layers'),
    ]);
    expect(dense).toMatchObject({ key: 'layers', count: num(1n) });
    expect(dense!.indexAs).toBeUndefined();
    expect(moe).toMatchObject({ key: 'moe_layers', indexAs: { key: 'layers', from: num(1n) } });
  });

  it('names a kind spread among the others at its own indices', () => {
    const stacks = interleavedStacks([group([0, 2], 'dense_layers'), group([1, 3], 'moe_layers')]);
    expect(stacks.map((s) => s.key)).toEqual(['dense_layers', 'moe_layers']);
    expect(stacks.map((s) => s.indexAs)).toEqual([
      { key: 'layers', at: [0n, 2n] },
      { key: 'layers', at: [1n, 3n] },
    ]);
  });

  it('counts a dense run then a sparse one as L_dense and L − L_dense; interleaved as L_moe', () => {
    const run = new SizeBook();
    const kinds = (sparse: number[][]) =>
      sparse.map((indices, i) => ({ sparse: i === 1, indices: indices.map(BigInt) }));
    kindCounts(run, kinds([[0], [1, 2, 3]]), 4n);
    expect(run.sizes).toEqual({ L_dense: 1n, L: 4n });
    const spread = new SizeBook();
    kindCounts(
      spread,
      kinds([
        [0, 2],
        [1, 3],
      ]),
      4n,
    );
    expect(spread.sizes).toEqual({ L_dense: 2n, L_moe: 2n });
  });
});
