import { sym, type Expr } from '../expr/nodes.js';
import { symbolsOf } from '../expr/visit.js';
import { formulaOf } from '../components/part.js';
import { fill, partName, reasonText, symbolMeaning, type Locale } from '../i18n/locale.js';
import { roleOrder } from '../analysis/role-totals.js';
import {
  decimalRatio,
  formatCount,
  formatPercent,
  scientific,
  signed,
  texCount,
} from '../render/numbers.js';
import { sharePercent, type BreakdownNode } from '../report/breakdown.js';
import { alignedTex, alignedText, inlineTex, tex, text } from '../report/notation.js';
import type { Report } from '../report/report.js';
import { sectionDerivations } from '../report/sections.js';
import { symbolInfo, tableOrder } from '../symbols/table.js';
import { breakdownChart } from './chart.js';
import { labelForms, labelTex, labelText } from '../render/label.js';
import { weightTypes } from '../analysis/memory.js';
import { optimizers } from '../analysis/training.js';
import {
  modelFigures,
  type FigureOptions,
  type ModelFigure,
  type ModelFigures,
} from '../analysis/model-figures.js';
import { factoringRules } from '../derive/notation-rules.js';
import type { MathRenderer } from './math-renderers.js';
import type { Derivation } from '../derive/steps.js';
import { packageVersion } from './package-version.js';

/** A memory or compute figure: what it is, the convention it follows, its derivation and its value with a unit. */
export interface FigureRow {
  key: string;
  name: string;
  convention: string;
  alignedTex: string;
  /** The same derivation as plain text lines, the way the CLI prints it (80 columns). */
  alignedText: string;
  steps: Array<{ kind: string; tex: string; text: string }>;
  value?: Count;
  /** The unit's name in this language: bytes, FLOPs, tokens. */
  unit: string;
  /** The value as people read it: `12.55 GiB = 13.48 GB`, `1.89 × 10^8`. */
  human?: string;
}

/** A count as templates receive it: exact digits, grouped for text, grouped for TeX. */
export interface Count {
  digits: string;
  text: string;
  tex: string;
}

/** Everything a template receives as `it` (documented in the README). */
export interface DocumentData {
  lang: string;
  /** Every word of the chosen language (`it.t.headings.symbols`). */
  t: Locale;
  kind: 'model' | 'component';
  title: string;
  subject: string;
  model?: { source: string; className: string; modelType: string };
  version: string;
  total?: Count;
  nonEmbedding?: Count & { share: string };
  /** For MoE models: the active count per token, without the input token table, its derivation and a sentence saying both. */
  active?: Count & {
    excludingEmbedding?: Count;
    alignedTex: string;
    alignedText: string;
    sentence: string;
  };
  /** What the checkpoint holds beside the total, not in it (DeepSeek-V3's MTP layer): what, why, its derivation. */
  leftOut: Array<{ key: string; name: string; reason: string; total?: Count; alignedTex: string }>;
  symbols: Array<{ name: string; tex: string; meaning: string; field: string; value?: Count }>;
  sections: Array<{
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
  }>;
  summary: Array<{
    depth: number;
    key: string;
    name: string;
    copies?: { tex: string; text: string };
    formula: { tex: string; text: string };
    total?: Count;
    share?: string;
    note?: string;
  }>;
  roles: Array<{ role: string; name: string; total: Count; share: string }>;
  /** With `applies: false`, `why` says in words why the formula does not fit this model, and there is no value. */
  approximations: Array<{
    name: string;
    source: string;
    tex: string;
    text: string;
    applies: boolean;
    why?: string;
    value?: Count;
    error?: string;
    errorPercent?: string;
    reasons: Array<{ text: string; difference: string }>;
  }>;
  /** The locale's sentences with this document's values filled in. */
  phrases: {
    source?: string;
    class?: string;
    total?: string;
    nonEmbedding?: string;
    generatedBy: string;
  };
  /** Memory and compute beside the count, each a derivation with its convention in words (models only). */
  figures?: { memory: FigureRow[]; compute: FigureRow[] };
  /** The breakdown as an inline SVG chart (meant for HTML). */
  chartSvg: string;
  math: MathRenderer;
}

/**
 * A derivation as plain text, as wide as a text document's lines whatever the terminal. Documents
 * hold it as a getter: only a reader who copies it (the web page) pays for the line breaking.
 */
const plainDerivation = (derivation: Derivation) => alignedText(derivation, 80).join('\n');

const count = (value: bigint): Count => ({
  digits: value.toString(),
  text: formatCount(value),
  tex: texCount(value),
});
const percent = (value: bigint, total: bigint | undefined) =>
  total ? formatPercent(sharePercent(value, total), value > 0n) : undefined;

/** Builds the data a template fills from a report, in one language, with one format's math. */
export function documentData(
  report: Report,
  t: Locale,
  math: MathRenderer,
  figureOptions: FigureOptions = {},
): DocumentData {
  const total = report.total;
  const figures = modelFigures(report, factoringRules(), figureOptions);
  const nodes = nodesByLabel(report.tree);
  const isModel = report.model !== undefined;
  const subject = report.title;
  const roles = isModel ? roleRows(report, t) : [];
  return {
    lang: t.lang,
    t,
    kind: isModel ? 'model' : 'component',
    title: fill(isModel ? t.title.model : t.title.component, { name: subject }),
    subject,
    ...(report.model
      ? {
          model: {
            source: report.model.source,
            className: report.model.className,
            modelType: report.model.modelType,
          },
        }
      : {}),
    version: packageVersion(),
    ...(total !== undefined ? { total: count(total) } : {}),
    ...(report.model && total
      ? {
          nonEmbedding: {
            ...count(report.model.nonEmbedding),
            share: percent(report.model.nonEmbedding, total)!,
          },
        }
      : {}),
    ...activeOf(report, t),
    leftOut: (report.model?.leftOut ?? []).map((l) => ({
      key: l.key,
      name: partName(l.name, t),
      reason: partName(l.reason, t),
      ...(l.derivation.value !== undefined ? { total: count(l.derivation.value) } : {}),
      alignedTex: alignedTex(l.derivation),
    })),
    symbols: symbolRows(report, t, figures),
    sections: sectionDerivations(report).map((d) => {
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
    }),
    summary: summaryRows(report.tree, total, t),
    roles,
    approximations: (report.model?.approximations ?? []).map((a) =>
      a.applies
        ? {
            name: a.name,
            source: a.source,
            tex: a.tex,
            text: a.text,
            applies: true,
            value: count(a.value),
            error: signed(a.error),
            errorPercent: `${a.errorPercent.toFixed(2)}%`,
            reasons: a.reasons.map((r) => ({
              text: reasonText(r, t),
              difference: signed(r.difference),
            })),
          }
        : {
            name: a.name,
            source: a.source,
            tex: a.tex,
            text: a.text,
            applies: false,
            why: t.reasons.notApplicable[a.shape] ?? a.shape,
            reasons: [],
          },
    ),
    phrases: phrasesOf(report, t),
    ...figuresOf(figures, t),
    chartSvg: chartOf(report, roles, t),
    math,
  };
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

function symbolRows(
  report: Report,
  t: Locale,
  figures: ModelFigures | undefined,
): DocumentData['symbols'] {
  // The total's symbols, those only the active count uses (k_top), and those of memory and compute (n_ctx).
  const active = report.model?.active.derivation;
  const figureSymbols = [...(figures?.memory ?? []), ...(figures?.compute ?? [])].flatMap((f) =>
    symbolsOf(f.derivation.expanded),
  );
  const names = new Set([
    ...symbolsOf(formulaOf(report.part)),
    ...(active ? symbolsOf(active.expanded) : []),
    ...figureSymbols,
  ]);
  const bindings = { ...report.bindings, ...figures?.sizes };
  return [...names].sort(tableOrder).map((name) => {
    const info = symbolInfo(name);
    const declared =
      report.symbols && Object.hasOwn(report.symbols, name) ? report.symbols[name] : undefined;
    const value = Object.hasOwn(bindings, name) ? bindings[name] : undefined;
    return {
      name,
      tex: declared?.tex ?? tex(sym(name)),
      meaning: symbolMeaning(name, t, declared?.meaning ?? info?.meaning ?? ''),
      field: declared?.field ?? info?.fields[0] ?? '',
      ...(value !== undefined ? { value: count(value) } : {}),
    };
  });
}

/** The breakdown's modules (not bare weight/bias tensors), four levels deep, in tree order. */
function summaryRows(
  tree: BreakdownNode,
  total: bigint | undefined,
  t: Locale,
): DocumentData['summary'] {
  const rows: DocumentData['summary'] = [];
  const walk = (node: BreakdownNode, depth: number, parent?: BreakdownNode) => {
    if (depth > 4 || parent?.children.every((c) => c.part.kind === 'tensor')) return;
    rows.push({
      depth,
      key: node.key,
      name: partName(node.name, t),
      ...(node.count ? { copies: copiesOf(node.count) } : {}),
      formula: { tex: inlineTex(node.formula), text: text(node.formula) },
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

/** Memory and compute, in this language: each figure's name, the convention it follows, its steps and value. */
function figuresOf(figures: ModelFigures | undefined, t: Locale): Pick<DocumentData, 'figures'> {
  if (!figures) return {};
  const spec = weightTypes[figures.dtype];
  const bytesOf = (bits: number) => `${bits / 8} ${bits === 8 ? t.units.byte : t.units.bytes}`;
  // Every figure a caption states comes from the tables the derivations use: what a weight-only
  // type keeps wide and what mixed precision trains in are 16-bit (bf16), Adam's state K bytes.
  const wide = weightTypes.bf16.bits;
  const values = {
    context: formatCount(figures.context),
    dtype: figures.dtype,
    bytes: bytesOf(spec.bits),
    keptBits: String(wide),
    keptBytes: bytesOf(wide),
    mixedBits: String(wide),
    mixedBytes: String(wide / 8),
    adamBytes: String(optimizers.adam.k),
  };
  const row = (f: ModelFigure): FigureRow => {
    const value = f.derivation.value;
    // A weight-only quantized type narrows the linear layers alone: its caption says so.
    const words = t.figures[f.key === 'weights' && 'narrows' in spec ? 'weightsNarrowed' : f.key];
    return {
      key: f.key,
      name: fill(words?.name ?? f.key, values),
      convention: fill(words?.convention ?? '', values),
      alignedTex: alignedTex(f.derivation),
      get alignedText() {
        return plainDerivation(f.derivation);
      },
      unit: t.units[f.unit] ?? f.unit,
      steps: f.derivation.steps.map((s) => ({
        kind: s.kind,
        tex: tex(s.expr),
        text: text(s.expr),
      })),
      ...(value !== undefined ? { value: count(value), human: humanUnit(value, f.unit) } : {}),
    };
  };
  return { figures: { memory: figures.memory.map(row), compute: figures.compute.map(row) } };
}

/** Bytes in binary units (KiB … GiB, and GB beside GiB), FLOPs and tokens in powers of ten. */
function humanUnit(value: bigint, unit: ModelFigure['unit']): string {
  // (from the integers: a float made 10^400 bytes `Infinity GiB`)
  if (unit === 'bytes') {
    if (value >= 2n ** 30n)
      return `${decimalRatio(value, 2n ** 30n, 2)} GiB = ${decimalRatio(value, 10n ** 9n, 2)} GB`;
    return value >= 2n ** 20n
      ? `${decimalRatio(value, 2n ** 20n, 2)} MiB`
      : `${decimalRatio(value, 2n ** 10n, 2)} KiB`;
  }
  const { mantissa, exponent } = scientific(value, 2);
  return `${mantissa} × 10^${exponent}`;
}

/** The active figures of a MoE model (a dense model's active count is its total, said nowhere twice). */
function activeOf(report: Report, t: Locale): Pick<DocumentData, 'active'> {
  const active = report.model?.active;
  if (!active?.derivation || active.value === undefined) return {};
  const excluding = active.excludingEmbedding.value;
  const sentence = fill(t.phrases.active!, {
    active: formatCount(active.value),
    excluding: excluding !== undefined ? formatCount(excluding) : '—',
  });
  const derivation = active.derivation;
  return {
    active: {
      ...count(active.value),
      ...(excluding !== undefined ? { excludingEmbedding: count(excluding) } : {}),
      alignedTex: alignedTex(derivation),
      get alignedText() {
        return plainDerivation(derivation);
      },
      sentence,
    },
  };
}

/** How many copies, as written after ×: a difference in parentheses, `×(L − L_dense)`. */
function copiesOf(count: Expr): { tex: string; text: string } {
  return count.kind === 'add'
    ? { tex: `\\left(${tex(count)}\\right)`, text: `(${text(count)})` }
    : { tex: tex(count), text: text(count) };
}

function roleRows(report: Report, t: Locale): DocumentData['roles'] {
  const total = report.total ?? 0n;
  return roleOrder
    .filter((role) => report.model!.roles[role] !== undefined)
    .map((role) => {
      const value = report.model!.roles[role]!;
      return { role, name: t.roles[role], total: count(value), share: percent(value, total) ?? '' };
    });
}

/** By role for a model; by direct part for a component. */
function chartOf(report: Report, roles: DocumentData['roles'], t: Locale): string {
  const total = report.total;
  if (!total) return '';
  const items = roles.length
    ? roles.map((r) => ({
        name: r.name,
        value: BigInt(r.total.digits),
        percent: sharePercent(BigInt(r.total.digits), total),
      }))
    : report.tree.children.map((c) => ({
        name: `${partName(c.name, t)} (${c.key})`,
        value: c.value ?? 0n,
        percent: sharePercent(c.value ?? 0n, total),
      }));
  return breakdownChart(items, t.headings.chart ?? '');
}

function phrasesOf(report: Report, t: Locale): DocumentData['phrases'] {
  const p = t.phrases;
  const total = report.total;
  const model = report.model;
  return {
    generatedBy: fill(p.generatedBy!, { version: packageVersion() }),
    ...(total !== undefined ? { total: fill(p.total!, { total: formatCount(total) }) } : {}),
    ...(model
      ? {
          source: fill(p.source!, { source: model.source }),
          class: fill(p.class!, { className: model.className, modelType: model.modelType }),
        }
      : {}),
    ...(model && total
      ? {
          nonEmbedding: fill(p.nonEmbedding!, {
            value: formatCount(model.nonEmbedding),
            share: percent(model.nonEmbedding, total)!,
          }),
        }
      : {}),
  };
}
