import type { AdaptedModules, LoraCount } from '../analysis/lora.js';
import type { TargetModules } from '../analysis/lora-match.js';
import type { Derivation } from '../derive/steps.js';
import { fill, loadLocale } from '../i18n/locale.js';
import { formatCount } from '../render/numbers.js';
import type { Report } from '../report/report.js';
import type { LoraFigures } from '../requests/lora-request.js';
import { alignedText, derivationLines, terminalWidth } from './notation.js';
import { hanging, packed } from './wrap.js';

/** The sentences of `tparams lora`, from `templates/locales/en.json` (`lora`). */
const words = () => loadLocale('en').lora;

/** α/r as PEFT computes `scaling`, to four decimals. */
const scalingOf = (count: LoraCount) => Number((count.alpha / Number(count.rank)).toFixed(4));

/** `trainable%` as PEFT prints it: four decimals. */
export const percentText = (percent: number | undefined) =>
  percent === undefined ? '?' : percent.toFixed(4);

/** The targets in words: the names, the pattern, or all-linear. */
function targetsWords(targets: TargetModules): string {
  const w = words();
  switch (targets.kind) {
    case 'names':
      return targets.names.join(', ');
    case 'regex':
      return fill(w.regex, { pattern: targets.pattern });
    case 'all-linear':
      return w.allLinear;
  }
}

/** One adapted group as a row: its names, its kind and copies, its input and output features. */
function moduleRows(adapted: readonly AdaptedModules[], width: number): string[] {
  const w = words();
  const rows = adapted.map((a) => ({
    name: a.pattern,
    what: fill(w.row, {
      kind: w.kinds[a.kind as keyof typeof w.kinds] ?? a.kind,
      modules: formatCount(BigInt(a.modules)),
      in: a.inValue === undefined ? '?' : formatCount(a.inValue),
      out: a.outValue === undefined ? '?' : formatCount(a.outValue),
    }),
  }));
  const nameWidth = Math.max(...rows.map((r) => r.name.length));
  return rows.flatMap((r) =>
    4 + nameWidth + 2 + r.what.length <= width
      ? [`    ${r.name.padEnd(nameWidth)}  ${r.what}`]
      : [`    ${r.name}`, `      ${r.what}`],
  );
}

/** The text of a derivation indented under a heading, and its lines within the width. */
const indented = (d: Derivation, width: number) => alignedText(d, width - 2).map((l) => `  ${l}`);

/** The LoRA count's lines: the settings, the modules, each derivation and PEFT's own line. */
export function loraLines(report: Report, figures: LoraFigures, width = terminalWidth()): string[] {
  const { count } = figures;
  const w = words();
  const from =
    figures.targetsFrom === 'peft'
      ? fill(w.fromPeft, { modelType: report.model?.modelType ?? '?' })
      : '';
  const lines = hanging(
    fill(w.heading, {
      rank: formatCount(count.rank),
      alpha: String(count.alpha),
      scaling: String(scalingOf(count)),
      targets: `${targetsWords(figures.targets)}${from}`,
    }),
    width,
    '',
    '  ',
  );
  lines.push(...hanging(w.perModule, width, '  · ', '    '));
  lines.push(...moduleRows(count.adapted, width));
  lines.push(...indented(count.adapters, width));
  if (count.copies) {
    lines.push('', ...hanging(w.saved, width, '', '  '));
    for (const s of count.saved) lines.push(`    ${s.name}  ${formatCount(s.count)}`);
    lines.push(...indented(count.copies, width));
  }
  for (const name of count.unsaved)
    lines.push(...hanging(fill(w.unsaved, { name }), width, '  · ', '    '));
  lines.push('', w.totals);
  if (count.trainable.steps.length > 1) lines.push(...indented(count.trainable, width));
  lines.push(...indented(count.total, width));
  // PEFT's own line, broken only between its three figures.
  const peft = fill(w.peftLine, {
    trainable: formatCount(count.trainable.value ?? 0n),
    total: formatCount(count.total.value ?? 0n),
    percent: percentText(count.percent),
  });
  lines.push(...packed(peft.split(' || '), width - 2, ' || ').map((l) => `  ${l}`));
  return lines;
}

/** `tparams lora` as text: the model's title, then the count. */
export function loraText(report: Report, figures: LoraFigures, width = terminalWidth()): string {
  return `${[report.title, '', ...loraLines(report, figures, width)].join('\n')}\n`;
}

/** The targets as JSON: the list, the pattern or `all-linear`, and where they came from. */
function targetsJson(figures: LoraFigures): Record<string, unknown> {
  const t = figures.targets;
  return {
    ...(t.kind === 'names' ? { target_modules: t.names } : {}),
    ...(t.kind === 'regex' ? { target_regex: t.pattern } : {}),
    ...(t.kind === 'all-linear' ? { target_modules: 'all-linear' } : {}),
    targets_from: figures.targetsFrom === 'peft' ? 'peft_default' : 'given',
  };
}

/** The count as JSON: counts as decimal strings, each figure with its derivation. */
export function loraJson(report: Report, figures: LoraFigures): Record<string, unknown> {
  const { count } = figures;
  const decimal = (v: bigint | undefined) => v?.toString();
  return {
    target: report.subject.id,
    class: report.model?.className,
    rank: count.rank.toString(),
    alpha: count.alpha,
    scaling: scalingOf(count),
    ...targetsJson(figures),
    adapted_modules: count.adapted.map((a) => ({
      modules: a.pattern,
      kind: a.kind,
      count: a.modules,
      in_features: decimal(a.inValue),
      out_features: decimal(a.outValue),
    })),
    lora_parameters: decimal(count.adapters.value),
    lora_derivation: derivationLines(count.adapters),
    modules_to_save: count.saved.map((s) => ({ module: s.name, parameters: s.count.toString() })),
    ...(count.unsaved.length ? { modules_to_save_unmatched: count.unsaved } : {}),
    ...(count.copies
      ? {
          modules_to_save_parameters: decimal(count.copies.value),
          modules_to_save_derivation: derivationLines(count.copies),
        }
      : {}),
    base_parameters: decimal(report.total),
    trainable: decimal(count.trainable.value),
    total: decimal(count.total.value),
    trainable_percent: count.percent ?? null,
    trainable_derivation: derivationLines(count.trainable),
    total_derivation: derivationLines(count.total),
  };
}
