import { symbolsOf } from '../expr/visit.js';
import { formulaOf } from '../components/part.js';
import { symbolInfo } from '../symbols/table.js';
import type { BreakdownNode } from './breakdown.js';
import type { TargetReport } from './derive-target.js';
import { derivationLines, tex, text } from './notation.js';

/** A breakdown node as JSON: exact counts as decimal strings (they can exceed 2^53). */
export function nodeJson(node: BreakdownNode): Record<string, unknown> {
  return {
    name: node.key,
    description: node.name,
    label: { tex: node.label.tex, text: node.label.text },
    ...(node.value !== undefined ? { total: node.value.toString() } : {}),
    formula: { tex: tex(node.formula), text: text(node.formula) },
    canonical: { tex: tex(node.canonical), text: text(node.canonical) },
    ...(node.count ? { count: { tex: tex(node.count), text: text(node.count) } } : {}),
    ...(node.note ? { note: node.note } : {}),
    ...(node.part.kind === 'tensor' ? { shape: node.part.shape.map((s) => text(s)) } : {}),
    children: node.children.map(nodeJson),
  };
}

/** The whole report as one JSON object: total, formula, symbols, derivation and the children tree. */
export function reportJson(report: TargetReport): Record<string, unknown> {
  const root = nodeJson(report.tree);
  const symbols = symbolsOf(formulaOf(report.part)).map((name) => ({
    name,
    tex: symbolInfo(name)?.tex ?? name,
    meaning: symbolInfo(name)?.meaning ?? '',
    ...(report.bindings[name] !== undefined ? { value: report.bindings[name]!.toString() } : {}),
  }));
  return {
    target: report.target.id,
    ...root,
    symbols,
    derivation: derivationLines(report.derivations[0]!),
    derivations: report.derivations.map((d) => ({ label: d.label, steps: derivationLines(d), ...(d.note ? { note: d.note } : {}) })),
  };
}
