import { symbolsOf } from '../expr/visit.js';
import { sym } from '../expr/nodes.js';
import { formulaOf } from '../components/part.js';
import { symbolInfo } from '../symbols/table.js';
import { loadLocale, reasonText } from '../i18n/locale.js';
import { sharePercent, type BreakdownNode } from '../analysis/breakdown.js';
import type { Report } from '../report/report.js';
import { modelFigures, type FigureOptions, type ModelFigure } from '../requests/model-figures.js';
import { sizingJson } from './sizing-json.js';
import { derivationLines, tex, text } from './notation.js';
import { labelForms } from '../render/label.js';

/** A breakdown node as JSON: exact counts as decimal strings (they can exceed 2^53). */
export function nodeJson(node: BreakdownNode): Record<string, unknown> {
  return {
    name: node.key,
    description: node.name,
    label: labelForms(node.label),
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
export function reportJson(
  report: Report,
  figureOptions: FigureOptions = {},
): Record<string, unknown> {
  const root = nodeJson(report.tree);
  const symbols = symbolsOf(formulaOf(report.part)).map((name) => ({
    name,
    tex: tex(sym(name)),
    meaning:
      (report.symbols && Object.hasOwn(report.symbols, name)
        ? report.symbols[name]?.meaning
        : undefined) ??
      symbolInfo(name)?.meaning ??
      '',
    ...(Object.hasOwn(report.bindings, name) ? { value: report.bindings[name]!.toString() } : {}),
  }));
  return {
    target: report.subject.id,
    kind: report.subject.kind,
    ...root,
    ...(report.model ? modelJson(report, figureOptions) : {}),
    symbols,
    derivation: derivationLines(report.derivations[0]!),
    derivations: report.derivations.map((d) => ({
      label: labelForms(d.label),
      steps: derivationLines(d),
      // The proof every step equals: the fully expanded polynomial.
      expanded: { tex: tex(d.expanded), text: text(d.expanded) },
      ...(d.zeros
        ? { zeros: d.zeros.map((z) => ({ label: labelForms(z.label), reason: z.reason })) }
        : {}),
      ...(d.note ? { note: d.note } : {}),
    })),
  };
}

/** Memory and compute at the defaults of `tparams memory` and `flops`: each figure's value and derivation. */
function figuresJson(report: Report, options: FigureOptions): Record<string, unknown> {
  const figures = modelFigures(report, options);
  if (!figures) return {};
  const row = (f: ModelFigure) => ({
    key: f.key,
    unit: f.unit,
    ...(f.derivation.value !== undefined ? { value: f.derivation.value.toString() } : {}),
    derivation: derivationLines(f.derivation),
  });
  return {
    figures: {
      context: figures.context.toString(),
      dtype: figures.dtype,
      kv_dtype: figures.kvDtype,
      memory: figures.memory.map(row),
      compute: figures.compute.map(row),
      sizing: sizingJson(report, figures.sizing),
    },
  };
}

/** Whole-model figures: class, non-embedding count, shares by role, approximations. */
function modelJson(report: Report, figureOptions: FigureOptions): Record<string, unknown> {
  const model = report.model!;
  const total = report.total ?? 0n;
  return {
    model_type: model.modelType,
    class: model.className,
    // Read from a header, the source is the checkpoint itself (its path under `checkpoint`).
    ...(model.fromHeader
      ? {
          source: 'checkpoint',
          checkpoint: {
            path: model.source,
            tensors: model.fromHeader.tensors,
            buffers: model.fromHeader.buffers,
            why: model.fromHeader.why,
            ...(model.fromHeader.configSource ? { config: model.fromHeader.configSource } : {}),
          },
        }
      : { source: model.source }),
    non_embedding: model.nonEmbedding.toString(),
    ...(model.active.value !== undefined ? { active: model.active.value.toString() } : {}),
    ...(model.active.excludingEmbedding.value !== undefined
      ? { active_excluding_embedding: model.active.excludingEmbedding.value.toString() }
      : {}),
    ...(model.active.derivation
      ? { active_derivation: derivationLines(model.active.derivation) }
      : {}),
    ...figuresJson(report, figureOptions),
    // Beside the total, not in it: what the checkpoint holds that the class does not count, and why.
    ...(model.leftOut
      ? {
          left_out: model.leftOut.map((l) => ({
            name: l.key,
            description: l.name,
            reason: l.reason,
            ...(l.derivation.value !== undefined ? { total: l.derivation.value.toString() } : {}),
            derivation: derivationLines(l.derivation),
          })),
        }
      : {}),
    shares: Object.entries(model.roles).map(([role, value]) => ({
      role,
      total: value!.toString(),
      percent: sharePercent(value!, total),
    })),
    approximations: model.approximations.map((a) =>
      a.applies
        ? {
            name: a.name,
            source: a.source,
            formula: { tex: a.tex, text: a.text },
            applies: true,
            value: a.value.toString(),
            error: a.error.toString(),
            error_percent: a.errorPercent,
            reasons: a.reasons.map((r) => ({
              role: r.role,
              cause: r.cause,
              difference: r.difference.toString(),
              text: reasonText(r, loadLocale('en')),
            })),
          }
        : {
            name: a.name,
            source: a.source,
            formula: { tex: a.tex, text: a.text },
            applies: false,
            shape: a.shape,
            why: loadLocale('en').reasons.notApplicable[a.shape],
          },
    ),
  };
}
