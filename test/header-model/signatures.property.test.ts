import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TensorInfo } from '../../src/checkpoint/safetensors.js';
import { moduleTree } from '../../src/header-model/module-tree.js';
import { Signatures } from '../../src/header-model/signatures.js';

/**
 * The items of a list share a signature exactly when they hold the same names with the same
 * shapes, in the same order, nested lists counted by their items: random items from a few names
 * and shapes, so that equal ones are common, against their contents written out as text.
 */
const tensor = fc.record({
  path: fc.array(fc.constantFrom('a', 'b', '0', '1', '2'), { minLength: 0, maxLength: 2 }),
  param: fc.constantFrom('weight', 'bias'),
  shape: fc.constantFrom([2], [2, 3], [3, 2]),
});

describe('the signatures of a list’s items', () => {
  it('are equal exactly when the items hold the same tensors (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(tensor, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
        (items) => {
          const tensors = new Map<string, TensorInfo>();
          items.forEach((item, i) => {
            for (const t of item) {
              const name = [...t.path, t.param].join('.');
              tensors.set(`list.${i}.${name}`, { dtype: 'F32', shape: t.shape.map(BigInt) });
            }
          });
          const tree = moduleTree(tensors);
          const list = tree.root.children[0]!;
          const groups = new Signatures(tree).groups(list);
          const groupOf = new Map<number, number>();
          groups.forEach((g, n) => {
            for (const at of g.at) groupOf.set(at, n);
          });
          for (let i = 0; i < items.length; i++)
            for (let j = 0; j < items.length; j++)
              if (canonical(tensors, i) === canonical(tensors, j))
                expect(groupOf.get(i), `${i} ${j}`).toBe(groupOf.get(j));
              else expect(groupOf.get(i), `${i} ${j}`).not.toBe(groupOf.get(j));
        },
      ),
      { numRuns: 300 },
    );
  });
});

/**
 * An item's tensors as text, module by module in the order the tree makes them: what the
 * signature must tell apart (a nested list's equal items in a row are one run, as equal text).
 */
function canonical(tensors: ReadonlyMap<string, TensorInfo>, item: number): string {
  const prefix = `list.${item}.`;
  const own = [...tensors]
    .filter(([n]) => n.startsWith(prefix))
    .map(([n, t]) => [n.slice(prefix.length), t.shape.join(',')] as const);
  const tree = moduleTree(
    new Map(own.map(([n, s]) => [n, { dtype: 'F32', shape: s ? s.split(',').map(BigInt) : [] }])),
  );
  const write = (node: ReturnType<typeof moduleTree>['root']): string =>
    node.parameters.map((p) => `${p.name}[${p.info.shape.join(',')}]`).join('') +
    (node.numbered
      ? node.children.map((c) => `{${write(c)}}`).join('')
      : node.children.map((c) => `${c.name}{${write(c)}}`).join(''));
  return write(tree.root);
}
