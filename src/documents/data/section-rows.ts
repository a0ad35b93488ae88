import { partName, type Locale } from '../../i18n/locale.js';
import type { BreakdownNode } from '../../analysis/breakdown.js';
import { alignedTex, tex, text } from '../../printers/notation.js';
import type { Report } from '../../report/report.js';
import { sectionDerivations } from '../../printers/sections.js';
import { count, percent, plainDerivation, type Count } from './count.js';
import { labelForms, labelTex, labelText } from '../../render/label.js';

/** One derivation of the document: the whole model's, then each component's. */
export interface SectionRow {
  key: string;
  name: string;
  label: { tex: string; text: string };
  total?: Count;
  share?: string;
  note?: string;
  /** Parts left out of the sums because they hold nothing: `P_head = 0` (as TeX) and why, in this language. */
  zeros: Array<{ tex: string; text: string; reason: string }>;
  steps: Array<{ kind: string; name: string; tex: string; text: string }>;
  alignedTex: string;
  /** The derivation as plain text lines, the way the CLI prints it (80 columns). */
  alignedText: string;
}

/** The report's derivations, each named by the breakdown node it derives, in this language. */
export function sectionRows(report: Report, t: Locale): SectionRow[] {
  const total = report.total;
  const nodes = nodesByLabel(report.tree);
  return sectionDerivations(report).map((d) => {
    const node = nodes.get(labelTex(d.label));
    return {
      key: node?.key ?? labelText(d.label),
      name: partName(node?.name ?? labelText(d.label), t),
      label: labelForms(d.label),
      ...(d.value !== undefined
        ? {
            total: count(d.value),
            ...(percent(d.value, total) ? { share: percent(d.value, total)! } : {}),
          }
        : {}),
      ...(d.note ? { note: partName(d.note, t) } : {}),
      zeros: (d.zeros ?? []).map((z) => ({
        tex: `${labelTex(z.label)} = 0`,
        text: `${labelText(z.label)} = 0`,
        reason: partName(z.reason, t),
      })),
      steps: d.steps.map((s) => ({
        kind: s.kind,
        name: t.steps[s.kind] ?? s.kind,
        tex: tex(s.expr),
        text: text(s.expr),
      })),
      alignedTex: alignedTex(d),
      get alignedText() {
        return plainDerivation(d);
      },
    };
  });
}

function nodesByLabel(tree: BreakdownNode): Map<string, BreakdownNode> {
  const map = new Map<string, BreakdownNode>();
  const walk = (n: BreakdownNode) => {
    if (!map.has(labelTex(n.label))) map.set(labelTex(n.label), n);
    n.children.forEach(walk);
  };
  walk(tree);
  return map;
}
