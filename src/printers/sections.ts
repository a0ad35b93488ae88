import type { Derivation } from '../derive/steps.js';
import { labelKey } from '../expr/nodes.js';
import type { BreakdownNode } from '../analysis/breakdown.js';
import { text } from './notation.js';
import type { Report } from '../report/report.js';

/**
 * The derivations worth a section: the root, then parts made of other modules (a module of bare
 * tensors is already plain in the breakdown) or with a note, each distinct derivation once.
 */
export function sectionDerivations(report: Report): Derivation[] {
  const composite = new Set<string>();
  const walk = (node: BreakdownNode) => {
    if (node.children.some((c) => c.children.length > 0) || node.note)
      composite.add(labelKey(node.label));
    node.children.forEach(walk);
  };
  walk(report.tree);
  const [root, ...rest] = report.derivations;
  const seen = new Set<string>();
  const parts = rest.filter((d) => {
    // The definition counts: BERT's `P_tr = P_{tr,dense} + P_{LN,tr}` is its own section though it
    // reads on like `P_attn_out`, since `P_MLM` names it.
    if (!composite.has(labelKey(d.label))) return false;
    // Printed only for the parts that could be a section: printing every step is the cost here.
    const signature = d.steps.map((s) => text(s.expr)).join('=');
    if (seen.has(signature)) return false;
    seen.add(signature);
    return true;
  });
  return root ? [root, ...parts] : parts;
}
