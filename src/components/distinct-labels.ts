import { toPolynomial } from '../expr/canonical.js';
import { labelKey, qualifiedLabel, type Label, type Subscript } from '../expr/nodes.js';
import { Polynomial } from '../expr/polynomial.js';
import { childrenOf, formulaOf, type Part } from './part.js';

/**
 * One label, one count: a symbol such as `P_tr` names exactly one formula in a whole tree, so the
 * sections of a document add up. Where parts with different counts were given the same label, the
 * first (in reading order) keeps it and the others are qualified:
 *
 * | where the other part sits                        | qualified by            | e.g. (BERT, CLIP, DeepSeek-V3) |
 * |--------------------------------------------------|-------------------------|--------------------------------|
 * | inside a part of the same label                  | its own key             | `P_tr` ⊃ `P_{tr,dense}`        |
 * | elsewhere                                        | the outermost ancestor  | `W_{Q,vision}`, `P_{gate,shared}` |
 * |                                                  | no other count has      |                                |
 * | (the qualified label is still taken)             | a number                | `P_{up,2}`                     |
 *
 * Parts of the same label and the same count (the LayerNorms of every layer) keep it: it is one count.
 * A tree without clashes is returned as it is.
 */
export function withDistinctLabels(root: Part): Part {
  const renamed = distinctLabels(root);
  return renamed.size === 0 ? root : relabel(root, renamed);
}

interface Placed {
  readonly part: Part;
  /** Ancestors from the root down to the parent. */
  readonly ancestors: readonly Part[];
}

/** The new label of every part that must change. */
function distinctLabels(root: Part): Map<Part, Label> {
  const byLabel = new Map<string, Placed[]>();
  const walk = (part: Part, ancestors: readonly Part[]): void => {
    const list = byLabel.get(labelKey(part.label)) ?? [];
    list.push({ part, ancestors });
    byLabel.set(labelKey(part.label), list);
    for (const c of childrenOf(part)) walk(c, [...ancestors, part]);
  };
  walk(root, []);

  const taken = new Set(byLabel.keys());
  const renamed = new Map<Part, Label>();
  const counts = new CountKeys();
  for (const placed of byLabel.values()) {
    if (placed.length === 1) continue;
    const groups = groupByCount(placed, counts);
    for (const group of groups.slice(1)) {
      const others = groups.filter((g) => g !== group).flat();
      const wanted = qualifiedLabel(group[0]!.part.label, ...qualifierOf(group[0]!, others));
      const label = unused(wanted, group[0]!.part.label, taken);
      taken.add(labelKey(label));
      for (const { part } of group) renamed.set(part, label);
    }
  }
  return renamed;
}

/** The parts of one label, grouped by their count (as a polynomial), in reading order. */
function groupByCount(placed: readonly Placed[], counts: CountKeys): Placed[][] {
  const groups = new Map<string, Placed[]>();
  for (const p of placed) {
    const key = counts.of(p.part);
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups.values()];
}

/** Each part's count as a polynomial key, built bottom-up once (a model has thousands of parts). */
class CountKeys {
  private readonly polynomials = new WeakMap<Part, Polynomial>();
  private readonly keys = new WeakMap<Part, string>();

  of(part: Part): string {
    const known = this.keys.get(part);
    if (known !== undefined) return known;
    const key = this.polynomial(part).key;
    this.keys.set(part, key);
    return key;
  }

  private polynomial(part: Part): Polynomial {
    const known = this.polynomials.get(part);
    if (known) return known;
    const poly =
      part.kind === 'sum'
        ? part.children.reduce((sum, c) => sum.plus(this.polynomial(c)), Polynomial.zero)
        : part.kind === 'repeat'
          ? toPolynomial(part.count).times(this.polynomial(part.child))
          : toPolynomial(formulaOf(part));
    this.polynomials.set(part, poly);
    return poly;
  }
}

/** What tells this part from the others of its label: the table above, as code. */
function qualifierOf(placed: Placed, others: readonly Placed[]): readonly Subscript[] {
  const own = labelKey(placed.part.label);
  const byKey = [{ name: placed.part.key }];
  if (placed.ancestors.some((a) => labelKey(a.label) === own)) return byKey;
  const otherAncestors = new Set(
    others.flatMap((o) => [...o.ancestors, o.part]).map((a) => labelKey(a.label)),
  );
  const distinguishing = placed.ancestors.find((a) => !otherAncestors.has(labelKey(a.label)));
  if (!distinguishing) return byKey;
  // The ancestor's subscripts name it (`vision` of `P_vision`); a bare base stands for itself.
  const { base, subscripts } = distinguishing.label;
  return subscripts.length > 0 ? subscripts : [{ name: base }];
}

/** The wanted label, or it numbered (`…,2`, `…,3`) when some other count has it already. */
function unused(wanted: Label, base: Label, taken: ReadonlySet<string>): Label {
  if (!taken.has(labelKey(wanted))) return wanted;
  for (let n = 2; ; n++) {
    // A number stays italic math like a digit (`P_{up,2}`, `P_{up,12}`).
    const numbered = qualifiedLabel(base, { name: String(n), upright: false });
    if (!taken.has(labelKey(numbered))) return numbered;
  }
}

function relabel(part: Part, renamed: ReadonlyMap<Part, Label>): Part {
  const label = renamed.get(part) ?? part.label;
  switch (part.kind) {
    case 'sum':
      return { ...part, label, children: part.children.map((c) => relabel(c, renamed)) };
    case 'repeat':
      return { ...part, label, child: relabel(part.child, renamed) };
    default:
      return label === part.label ? part : { ...part, label };
  }
}
