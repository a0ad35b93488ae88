import type { BreakdownNode } from './breakdown.js';
import { equivalent } from '../expr/canonical.js';

/** One component of two models side by side: its closed form and count in each, and the difference. */
export interface ComponentDiff {
  /** The module path, `model.layers.self_attn`. */
  readonly path: string;
  readonly depth: number;
  readonly a?: BreakdownNode;
  readonly b?: BreakdownNode;
  /** b − a, when both counts are known (a component only one model has counts as 0 in the other). */
  readonly difference?: bigint;
}

/** A symbol's value in each model; `aFrom`/`bFrom` name the symbol whose value it takes by default. */
export interface SymbolDiff {
  readonly name: string;
  readonly a?: bigint;
  readonly b?: bigint;
  readonly aFrom?: string;
  readonly bFrom?: string;
}

/**
 * Symbols a family leaves out of the count when the config gives them no value of their own, for
 * then they take another's (transformers' config defaults): a model without `n_kv` has as many
 * key/value heads as query heads; OPT without `word_embed_proj_dim` projects nothing, `d_emb = d_model`.
 */
const defaultsTo: Readonly<Record<string, string>> = {
  n_kv: 'n_h',
  d_emb: 'd_model',
};

/**
 * A symbol's value in a model: bound, else the value its default takes (and from which symbol), else
 * for `n_h` the config's head count (BERT's count needs no `n_h`, but its config has 12 heads).
 */
function valueIn(report: Comparable, name: string): { value?: bigint; from?: string } {
  const known = (n: string) =>
    own(report.bindings, n) ?? (n === 'n_h' ? report.model?.attentionHeads : undefined);
  const direct = known(name);
  if (direct !== undefined) return { value: direct };
  const from = Object.hasOwn(defaultsTo, name) ? defaultsTo[name] : undefined;
  const value = from === undefined ? undefined : known(from);
  return value === undefined ? {} : { value, from };
}

/** What a diff reads of a derived model: its bindings, breakdown, total and head count. */
export interface Comparable {
  readonly bindings: Readonly<Record<string, bigint>>;
  readonly tree: BreakdownNode;
  readonly total?: bigint;
  readonly model?: { readonly attentionHeads?: bigint };
}

/** Two models compared: the symbols that changed, the totals, and the components that differ. */
export interface ModelDiff<R extends Comparable = Comparable> {
  readonly a: R;
  readonly b: R;
  /** Symbols whose value changed, or that only one model has. */
  readonly symbols: readonly SymbolDiff[];
  readonly difference?: bigint;
  readonly components: readonly ComponentDiff[];
}

/**
 * Compares two models' breakdowns module by module (matched by their PyTorch paths): a component
 * is listed when its closed form or its count differs. Modules made only of tensors are compared as
 * a whole, as the breakdown shows them.
 */
export function diffModels<R extends Comparable>(a: R, b: R): ModelDiff<R> {
  const names = [...new Set([...Object.keys(a.bindings), ...Object.keys(b.bindings)])];
  const symbols = names.flatMap((name): SymbolDiff[] => {
    const [x, y] = [valueIn(a, name), valueIn(b, name)];
    if (x.value === y.value) return [];
    return [
      {
        name,
        ...(x.value !== undefined ? { a: x.value } : {}),
        ...(y.value !== undefined ? { b: y.value } : {}),
        ...(x.from ? { aFrom: x.from } : {}),
        ...(y.from ? { bFrom: y.from } : {}),
      },
    ];
  });
  const components: ComponentDiff[] = [];
  const walk = (
    x: BreakdownNode | undefined,
    y: BreakdownNode | undefined,
    path: string,
    depth: number,
  ) => {
    // Closed forms are compared as polynomials: `4(d² + d)` and `4d² + 4d` are the same count.
    const sameForm = x && y ? equivalent(x.formula, y.formula) : x === y;
    const valueA = x ? x.value : 0n;
    const valueB = y ? y.value : 0n;
    if (!sameForm || valueA !== valueB) {
      components.push({
        path,
        depth,
        ...(x ? { a: x } : {}),
        ...(y ? { b: y } : {}),
        ...(valueA !== undefined && valueB !== undefined ? { difference: valueB - valueA } : {}),
      });
    }
    const tensorsOnly = (n?: BreakdownNode) =>
      !n || n.children.every((c) => c.part.kind === 'tensor');
    if (tensorsOnly(x) && tensorsOnly(y)) return;
    const keys = [...new Set([...(x?.children ?? []), ...(y?.children ?? [])].map((c) => c.key))];
    for (const key of keys) {
      walk(
        x?.children.find((c) => c.key === key),
        y?.children.find((c) => c.key === key),
        `${path}.${key}`,
        depth + 1,
      );
    }
  };
  walk(a.tree, b.tree, a.tree.key === b.tree.key ? a.tree.key : `${a.tree.key}|${b.tree.key}`, 0);
  return {
    a,
    b,
    symbols,
    ...(a.total !== undefined && b.total !== undefined ? { difference: b.total - a.total } : {}),
    components,
  };
}

/** A binding of the report's own (a symbol named `constructor` is one like any other). */
const own = (bindings: Readonly<Record<string, bigint>>, name: string): bigint | undefined =>
  Object.hasOwn(bindings, name) ? bindings[name] : undefined;
