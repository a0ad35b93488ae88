import type { BreakdownNode } from '../report/breakdown.js';
import type { Report } from '../report/report.js';
import { text } from '../report/notation.js';

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

/** Two models compared: the symbols that changed, the totals, and the components that differ. */
export interface ModelDiff {
  readonly a: Report;
  readonly b: Report;
  /** Symbols whose value changed, or that only one model has. */
  readonly symbols: ReadonlyArray<{ readonly name: string; readonly a?: bigint; readonly b?: bigint }>;
  readonly difference?: bigint;
  readonly components: readonly ComponentDiff[];
}

/**
 * Compares two models' breakdowns module by module (matched by their PyTorch paths): a component
 * is listed when its closed form or its count differs. Modules made only of tensors are compared as
 * a whole, as the breakdown shows them.
 */
export function diffModels(a: Report, b: Report): ModelDiff {
  const names = [...new Set([...Object.keys(a.bindings), ...Object.keys(b.bindings)])];
  const symbols = names
    .filter((n) => own(a.bindings, n) !== own(b.bindings, n))
    .map((name) => ({ name, ...(own(a.bindings, name) !== undefined ? { a: own(a.bindings, name) } : {}), ...(own(b.bindings, name) !== undefined ? { b: own(b.bindings, name) } : {}) }));
  const components: ComponentDiff[] = [];
  const walk = (x: BreakdownNode | undefined, y: BreakdownNode | undefined, path: string, depth: number) => {
    const formulaA = x ? text(x.formula) : undefined;
    const formulaB = y ? text(y.formula) : undefined;
    const valueA = x ? x.value : 0n;
    const valueB = y ? y.value : 0n;
    if (formulaA !== formulaB || valueA !== valueB) {
      components.push({ path, depth, ...(x ? { a: x } : {}), ...(y ? { b: y } : {}), ...(valueA !== undefined && valueB !== undefined ? { difference: valueB - valueA } : {}) });
    }
    const tensorsOnly = (n?: BreakdownNode) => !n || n.children.every((c) => c.part.kind === 'tensor');
    if (tensorsOnly(x) && tensorsOnly(y)) return;
    const keys = [...new Set([...(x?.children ?? []), ...(y?.children ?? [])].map((c) => c.key))];
    for (const key of keys) {
      walk(x?.children.find((c) => c.key === key), y?.children.find((c) => c.key === key), `${path}.${key}`, depth + 1);
    }
  };
  walk(a.tree, b.tree, a.tree.key === b.tree.key ? a.tree.key : `${a.tree.key}|${b.tree.key}`, 0);
  return { a, b, symbols, ...(a.total !== undefined && b.total !== undefined ? { difference: b.total - a.total } : {}), components };
}

/** A binding of the report's own (a symbol named `constructor` is one like any other). */
const own = (bindings: Readonly<Record<string, bigint>>, name: string): bigint | undefined => (Object.hasOwn(bindings, name) ? bindings[name] : undefined);
