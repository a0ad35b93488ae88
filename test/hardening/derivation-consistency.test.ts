import { describe, expect, it } from 'vitest';
import { toPolynomial } from '../../src/expr/canonical.js';
import type { Expr } from '../../src/expr/nodes.js';
import type { Derivation } from '../../src/derive/steps.js';
import { childrenOf, formulaOf, type Part } from '../../src/components/part.js';
import { modelFigures } from '../../src/requests/model-figures.js';
import { renderDocument } from '../../src/documents/render-document.js';
import { allPresets } from '../../src/models/presets.js';
import { deriveModel } from '../../src/requests/derive-model.js';
import { deriveTarget } from '../../src/report/derive-target.js';
import { reportJson } from '../../src/printers/report-json.js';
import { tex, text } from '../../src/printers/notation.js';
import type { Report } from '../../src/report/report.js';
import { reportText } from '../../src/printers/report-text.js';
import { targets } from '../../src/targets/registry.js';
import { labelTex, labelText } from '../../src/render/label.js';

/**
 * A student reads a derivation's named parts as one count each: `P_tr` inside `P_MLM` is the `P_tr`
 * of its own section. And no step restates the one before it (`P_up = P_up`).
 */

const presets = allPresets();
const reports = new Map(
  presets.map((p) => [
    p.name,
    deriveModel({ config: p.config, source: p.repository, title: p.name }),
  ]),
);
const asSetting = (s: string) => s.split('=') as [string, string];
// Torch modules also with the settings that change their layout (kdim/vdim, add_bias_kv).
const targetSettings: Record<string, string[][]> = {
  'torch.nn.MultiheadAttention': [
    ['embed_dim=512', 'num_heads=8'],
    ['embed_dim=512', 'num_heads=8', 'kdim=256', 'vdim=128', 'add_bias_kv=true'],
  ],
};
const targetReports = targets.flatMap((t) =>
  [[], ...(targetSettings[t.id] ?? [])].map((settings) => ({
    name: `${t.id} ${settings.join(' ')}`,
    report: deriveTarget(t.id, settings.map(asSetting)),
  })),
);

const polynomialKey = (e: Expr) =>
  toPolynomial(e)
    .orderedTerms()
    .map((t) => `${t.coefficient}:${t.powers.join()}`)
    .join('+');

/** Every derivation a report's documents show: the parts', the active count's, the memory and compute figures'. */
function allDerivations(report: Report): Derivation[] {
  const figures = modelFigures(report);
  return [
    ...report.derivations,
    ...(report.model?.active.derivation ? [report.model.active.derivation] : []),
    ...(report.model?.leftOut ?? []).map((l) => l.derivation),
    ...(figures ? [...figures.memory, ...figures.compute].map((f) => f.derivation) : []),
  ];
}

/** label → the counts it stands for: in the tree, as a derivation's subject, as a named part in any step. */
function countsByLabel(report: Report): Map<string, Set<string>> {
  const counts = new Map<string, Set<string>>();
  const note = (label: string, e: Expr) =>
    counts.set(label, (counts.get(label) ?? new Set()).add(polynomialKey(e)));
  const walkPart = (p: Part): void => {
    note(labelText(p.label), formulaOf(p));
    childrenOf(p).forEach(walkPart);
  };
  const walkExpr = (e: Expr): void => {
    if (e.kind === 'ref') note(labelText(e.label), e.body);
    if (e.kind === 'ref') walkExpr(e.body);
    if (e.kind === 'add') e.terms.forEach(walkExpr);
    if (e.kind === 'mul') e.factors.forEach(walkExpr);
    if (e.kind === 'pow') walkExpr(e.base);
  };
  walkPart(report.part);
  for (const d of allDerivations(report)) {
    note(labelText(d.label), d.expanded);
    for (const s of d.steps) walkExpr(s.expr);
  }
  return counts;
}

const clashes = (counts: Map<string, Set<string>>) =>
  [...counts].filter(([, c]) => c.size > 1).map(([label]) => label);

/** label → the last lines of its derivations in one rendered document: one value a label. */
function valuesInDocument(labelsAndValues: Array<[string, string]>): Map<string, Set<string>> {
  const values = new Map<string, Set<string>>();
  for (const [label, value] of labelsAndValues)
    values.set(label, (values.get(label) ?? new Set()).add(value));
  return values;
}

interface JsonNode {
  label: { text: string };
  total?: string;
  children: JsonNode[];
}

/** label → total of every node of the JSON breakdown, totals written as the derivations write them. */
function treeTotals(node: JsonNode): Array<[string, string]> {
  const own: Array<[string, string]> =
    node.total === undefined ? [] : [[node.label.text, BigInt(node.total).toLocaleString('en-US')]];
  return [...own, ...node.children.flatMap(treeTotals)];
}

/** The derivations in TeX (md, tex; html's KaTeX annotations): each block's left-hand side and last line. */
function texBlocks(source: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const block of source.matchAll(
    /\\begin\{(?:aligned|align\*)\}\n?([\s\S]*?)\\end\{(?:aligned|align\*)\}/g,
  )) {
    const lines = block[1]!
      .split(/\\\\\s*/)
      .map((l) => l.trim())
      .filter(Boolean);
    const head = /^(.+?) &= /.exec(lines[0] ?? '');
    const last = /&= (.*)$/.exec(lines[lines.length - 1] ?? '');
    if (head && last) out.push([head[1]!, last[1]!.trim()]);
  }
  return out;
}

/** The text report's derivations: `P_x = …` then `= …` lines, up to the next label. */
function textBlocks(source: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let current: { label: string; last: string } | undefined;
  const flush = () => current && out.push([current.label, current.last]);
  for (const line of source.split('\n')) {
    const head = /^\s*([A-Za-zγβΔ][^\s=]*) = (.*)$/.exec(line);
    const next = /^\s+= (.*)$/.exec(line);
    if (head && !next) {
      flush();
      current = { label: head[1]!, last: head[2]! };
    } else if (next && current) current.last = next[1]!;
    else if (!/^\s+[+−]/.test(line)) {
      flush();
      current = undefined;
    }
  }
  flush();
  return out;
}

const multiValued = (values: Map<string, Set<string>>) =>
  [...values].filter(([, v]) => v.size > 1).map(([l, v]) => `${l}: ${[...v].join(' | ')}`);

describe('one label, one count, in every derivation', () => {
  it('holds in the report data of every preset, component and torch module', () => {
    const found = [
      ...[...reports].flatMap(([name, r]) => clashes(countsByLabel(r)).map((l) => `${name}: ${l}`)),
      ...targetReports.flatMap(({ name, report }) =>
        clashes(countsByLabel(report)).map((l) => `${name}: ${l}`),
      ),
    ];
    expect(found).toEqual([]);
    expect(reports.size).toBe(presets.length);
    expect(presets.length).toBeGreaterThanOrEqual(50);
  });

  it("gives BERT's transform and its dense layer two labels, and the transform its own section", () => {
    const bert = reports.get('bert-base-uncased')!;
    const byLabel = new Map(bert.derivations.map((d) => [labelText(d.label), d]));
    // BertPredictionHeadTransform: dense 768·769 + LayerNorm 2·768 (PyTorch's numel of cls.predictions.transform).
    expect(byLabel.get('P_tr')!.value).toBe(768n * 769n + 2n * 768n);
    expect(byLabel.get('P_tr,dense')!.value).toBe(768n * 769n);
    const out = reportText(bert, 100);
    expect(out).toContain('  P_tr = P_tr,dense + P_LN,tr\n');
    expect(byLabel.get('P_tr,dense')!.steps.map((s) => text(s.expr))[0]).toBe('W_tr + b_tr');
  });

  it('holds in every format of every preset: json, text, md, tex', () => {
    const problems: string[] = [];
    for (const [name, report] of reports) {
      const json = reportJson(report) as unknown as JsonNode & {
        derivations: Array<{ label: { text: string }; steps: Array<{ text: string }> }>;
      };
      // The tree's labels and totals too: this is where BERT's two `P_tr` (592,128 and 590,592) showed.
      const jsonValues = valuesInDocument([
        ...json.derivations.map((d): [string, string] => [
          d.label.text,
          d.steps[d.steps.length - 1]!.text,
        ]),
        ...treeTotals(json),
      ]);
      const formats: Record<string, Map<string, Set<string>>> = {
        json: jsonValues,
        text: valuesInDocument(textBlocks(reportText(report, 100))),
        md: valuesInDocument(texBlocks(renderDocument(report, { format: 'md' }))),
        tex: valuesInDocument(texBlocks(renderDocument(report, { format: 'tex' }))),
      };
      for (const [format, values] of Object.entries(formats))
        problems.push(...multiValued(values).map((p) => `${name} ${format}: ${p}`));
    }
    expect(problems).toEqual([]);
  });

  it('holds in the HTML documents (KaTeX keeps each formula as a TeX annotation)', () => {
    for (const name of [
      'bert-base-uncased',
      'deepseek-v3',
      'clip-vit-base-patch32',
      'modernbert-base',
    ]) {
      const html = renderDocument(reports.get(name)!, { format: 'html', katexOutput: 'mathml' });
      const annotations = [
        ...html.matchAll(/<annotation encoding="application\/x-tex">([\s\S]*?)<\/annotation>/g),
      ].map((m) => m[1]!.replace(/&amp;/g, '&'));
      const blocks = annotations.flatMap((a) => texBlocks(a));
      expect(blocks.length).toBeGreaterThan(5);
      expect(multiValued(valuesInDocument(blocks))).toEqual([]);
    }
  });
});

describe('no step restates itself', () => {
  const restatements = (name: string, derivations: readonly Derivation[]) =>
    derivations.flatMap((d) =>
      [text, tex].flatMap((print) => {
        const label = print === text ? labelText(d.label) : labelTex(d.label);
        const lines = [label, ...d.steps.map((s) => print(s.expr))];
        return lines
          .slice(1)
          .flatMap((line, i) =>
            line === lines[i] || line === label ? [`${name} ${label}: ${line}`] : [],
          );
      }),
    );

  it('in any derivation of any preset (parts, active count, memory and compute figures)', () => {
    expect([...reports].flatMap(([name, r]) => restatements(name, allDerivations(r)))).toEqual([]);
  });

  it('in any derivation of any component or torch module', () => {
    expect(
      targetReports.flatMap(({ name, report }) => restatements(name, report.derivations)),
    ).toEqual([]);
  });

  it("reads BERT's feed-forward up as its weight and bias, not P_up = P_up", () => {
    const up = reports
      .get('bert-base-uncased')!
      .derivations.find((d) => labelText(d.label) === 'P_up')!;
    expect(up.steps.map((s) => text(s.expr))).toEqual([
      'W_up + b_up',
      'd_model·d_ff + d_ff',
      'd_ff·(d_model + 1)',
      '3,072·(768 + 1)',
      '2,362,368',
    ]);
    // 768·3072 + 3072, nn.Linear(768, 3072) in PyTorch.
    expect(up.value).toBe(2_362_368n);
  });
});
