import { describe, expect, it } from 'vitest';
import { withDistinctLabels } from '../../src/components/distinct-labels.js';
import { countLabel, sum, tensor, childrenOf, type Part } from '../../src/components/part.js';
import { qualifiedLabel, sym } from '../../src/expr/nodes.js';
import { labelForms, labelText } from '../../src/render/label.js';

const d = sym('d');
const vector = (key: string, sub: string, width = d) =>
  tensor({ key, name: key, label: countLabel(sub, 'T') }, [width]);
const group = (key: string, sub: string, children: Part[]) =>
  sum({ key, name: key, label: countLabel(sub) }, children);
const labels = (p: Part): string[] => [labelText(p.label), ...childrenOf(p).flatMap(labels)];

describe('withDistinctLabels: one label, one count', () => {
  it.each([
    // [what, tree, labels after]
    [
      'a part inside one of its label is qualified by its key',
      group('root', 'model', [
        group('transform', 'tr', [group('dense', 'tr', [vector('w', 'w')]), vector('ln', 'ln')]),
      ]),
      ['P_model', 'P_tr', 'P_tr,dense', 'T_w', 'T_ln'],
    ],
    [
      'apart, by the outermost ancestor no other count has',
      group('root', 'model', [
        group('text', 'text', [group('a', 'attn', [vector('w', 'w')])]),
        group('vision', 'vision', [group('a', 'attn', [vector('w', 'w', sym('e'))])]),
      ]),
      ['P_model', 'P_text', 'P_attn', 'T_w', 'P_vision', 'P_attn,vision', 'T_w,vision'],
    ],
    [
      'the same count keeps its label wherever it is',
      group('root', 'model', [
        group('x', 'x', [vector('ln', 'LN')]),
        group('y', 'y', [vector('ln', 'LN')]),
      ]),
      ['P_model', 'P_x', 'T_LN', 'P_y', 'T_LN'],
    ],
  ])('%s', (_what, tree, expected) => {
    expect(labels(withDistinctLabels(tree))).toEqual(expected);
  });

  it('returns a tree without clashes as it is', () => {
    const tree = group('root', 'model', [vector('a', 'a'), vector('b', 'b')]);
    expect(withDistinctLabels(tree)).toBe(tree);
  });

  it('writes the qualified label in TeX too', () => {
    const tree = withDistinctLabels(
      group('root', 'model', [
        group('t', 'tr', [group('dense', 'tr', [vector('w', 'w')]), vector('ln', 'ln')]),
      ]),
    );
    const inner = childrenOf(childrenOf(tree)[0]!)[0]!;
    expect(labelForms(inner.label)).toEqual({
      tex: 'P_{\\text{tr},\\text{dense}}',
      text: 'P_tr,dense',
    });
  });
  it('numbers the label when the qualified one is taken, the number set as a digit', () => {
    const taken = sum(
      { key: 'z', name: 'z', label: qualifiedLabel(countLabel('x'), { name: 'y' }) },
      [vector('v', 'v', sym('f'))],
    );
    const tree = withDistinctLabels(
      group('root', 'model', [
        group('x', 'x', [vector('w', 'w')]),
        group('y', 'x', [vector('w', 'w', sym('e'))]),
        taken,
      ]),
    );
    const second = childrenOf(tree)[1]!;
    expect(labelForms(second.label)).toEqual({ tex: 'P_{x,2}', text: 'P_x,2' });
  });
});
