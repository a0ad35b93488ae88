import { describe, expect, it } from 'vitest';
import { num, sym } from '../../../src/expr/nodes.js';
import type { ModuleSpec } from '../../../src/models/spec/model-spec.js';
import { leavesOf, visitModule } from '../../../src/models/spec/visit-modules.js';

// A hand-written tree: a group holding an embedding and a repeat of a group of two norms.
const norm = (key: string): ModuleSpec => ({ kind: 'norm', type: 'rmsnorm', key, dim: sym('d') });
const tree: ModuleSpec = {
  kind: 'group',
  key: 'model',
  children: [
    { kind: 'embedding', key: 'embed_tokens', rows: sym('V'), dim: sym('d') },
    {
      kind: 'repeat',
      key: 'layers',
      count: num(3),
      child: { kind: 'group', key: 'layer', children: [norm('in'), norm('post')] },
    },
  ],
};

describe('visitModule', () => {
  it('visits children before their group, a repeat through its one child', () => {
    const order: string[] = [];
    visitModule<void>(tree, {
      group: (g) => void order.push(`group ${g.key}`),
      repeat: (r) => void order.push(`repeat ${r.key}`),
      leaf: (l) => void order.push(l.key),
    });
    expect(order).toEqual([
      'embed_tokens',
      'in',
      'post',
      'group layer',
      'repeat layers',
      'group model',
    ]);
  });

  it('lists the leaves in order, a repeated one once', () => {
    expect(leavesOf([tree]).map((l) => l.key)).toEqual(['embed_tokens', 'in', 'post']);
  });
});
