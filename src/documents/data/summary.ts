import type { Expr } from '../../expr/nodes.js';
import { partName, type Locale } from '../../i18n/locale.js';
import type { BreakdownNode } from '../../analysis/breakdown.js';
import { inlineTex, tex, text } from '../../printers/notation.js';
import { count, percent, type Count } from './count.js';

/** A row of the breakdown table: a module at its depth, its copies, formula, count and share. */
export interface SummaryRow {
  depth: number;
  key: string;
  name: string;
  copies?: { tex: string; text: string };
  formula: { tex: string; text: string };
  total?: Count;
  share?: string;
  note?: string;
}

/** The breakdown's modules (not bare weight/bias tensors), four levels deep, in tree order. */
export function summaryRows(
  tree: BreakdownNode,
  total: bigint | undefined,
  t: Locale,
): SummaryRow[] {
  const rows: SummaryRow[] = [];
  const walk = (node: BreakdownNode, depth: number, parent?: BreakdownNode) => {
    if (depth > 4 || parent?.children.every((c) => c.part.kind === 'tensor')) return;
    rows.push({
      depth,
      key: node.key,
      name: partName(node.name, t),
      ...(node.count ? { copies: copiesOf(node.count) } : {}),
      formula: forms(node.formula, inlineTex, text),
      ...(node.value !== undefined ? { total: count(node.value) } : {}),
      ...(node.value !== undefined && percent(node.value, total)
        ? { share: percent(node.value, total)! }
        : {}),
      ...(node.note ? { note: partName(node.note, t) } : {}),
    });
    for (const c of node.children) walk(c, depth + 1, node);
  };
  walk(tree, 0);
  return rows;
}

/** How many copies, as written after ×: a difference in parentheses, `×(L − L_dense)`. */
function copiesOf(count: Expr): { tex: string; text: string } {
  return count.kind === 'add'
    ? forms(
        count,
        (c) => `\\left(${tex(c)}\\right)`,
        (c) => `(${text(c)})`,
      )
    : forms(count, tex, text);
}

/**
 * An expression's TeX and text, each printed when it is first read (then kept): a table shows one
 * of them (a note's block TeX, a terminal text), and printing the other was a note's largest cost.
 * The getters are enumerable, so JSON and a spread see both as values.
 */
function forms(
  expr: Expr,
  texOf: (e: Expr) => string,
  textOf: (e: Expr) => string,
): { readonly tex: string; readonly text: string } {
  let texForm: string | undefined;
  let textForm: string | undefined;
  return {
    get tex() {
      texForm ??= texOf(expr);
      return texForm;
    },
    get text() {
      textForm ??= textOf(expr);
      return textForm;
    },
  };
}
