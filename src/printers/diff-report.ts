import type { ModelDiff as AnyModelDiff } from '../analysis/diff.js';
import type { Report } from '../report/report.js';

type ModelDiff = AnyModelDiff<Report>;
import { decimalRatio, formatCount, signed } from '../render/numbers.js';
import { terminalWidth, text, tex } from './notation.js';

const count = (value: bigint | undefined) => (value === undefined ? '—' : formatCount(value));
const percent = (difference: bigint, base: bigint) => {
  if (base === 0n) return '';
  const share = decimalRatio(difference * 100n, base, 2);
  return ` (${share.startsWith('-') ? '' : '+'}${share}%)`;
};

/** `llama-2-7b (meta-llama/Llama-2-7b-hf)` → `llama-2-7b`. */
const shortTitle = (title: string) => title.split(' (')[0]!;

/** The comparison for terminals: symbols, totals, then each component that differs, its forms on both sides. */
export function diffText(diff: ModelDiff, width = terminalWidth()): string {
  const lines = [`${diff.a.title} → ${diff.b.title}`, '', 'Symbols that differ'];
  const nameWidth = Math.max(4, ...diff.symbols.map((s) => s.name.length));
  for (const s of diff.symbols) {
    // A value a model takes by default is shown, and said where it comes from.
    const defaults = [
      s.aFrom ? `${s.name} = ${s.aFrom} in ${shortTitle(diff.a.title)}` : '',
      s.bFrom ? `${s.name} = ${s.bFrom} in ${shortTitle(diff.b.title)}` : '',
    ].filter(Boolean);
    const row = `  ${s.name.padEnd(nameWidth)}  ${count(s.a).padStart(12)} → ${count(s.b)}`;
    lines.push(defaults.length ? `${row}   (by default ${defaults.join('; ')})` : row);
  }
  if (diff.symbols.length === 0) lines.push('  (none)');
  lines.push(
    '',
    'Total',
    `  ${count(diff.a.total)} → ${count(diff.b.total)}${diff.difference !== undefined ? `   difference ${signed(diff.difference)}${percent(diff.difference, diff.a.total ?? 0n)}` : ''}`,
  );
  lines.push('', 'Components that differ');
  for (const c of diff.components) {
    const indent = '  '.repeat(c.depth + 1);
    lines.push(
      `${indent}${c.path.split('.').at(-1)}${c.difference !== undefined ? `   ${signed(c.difference)}` : ''}`,
    );
    const forms = [
      `${c.a ? text(c.a.formula) : '(absent)'}`,
      `${c.b ? text(c.b.formula) : '(absent)'}`,
    ];
    const both = `${indent}  ${forms[0]}  →  ${forms[1]}`;
    if ([...both].length <= width) lines.push(both);
    else lines.push(`${indent}  ${forms[0]}`, `${indent}  → ${forms[1]}`);
    lines.push(`${indent}  ${count(c.a?.value)} → ${count(c.b?.value)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The comparison as one JSON object; counts as decimal strings, formulas in TeX and text. */
export function diffJson(diff: ModelDiff): Record<string, unknown> {
  const side = (n: ModelDiff['components'][number]['a']) =>
    n
      ? {
          formula: { tex: tex(n.formula), text: text(n.formula) },
          ...(n.value !== undefined ? { total: n.value.toString() } : {}),
        }
      : null;
  return {
    a: {
      title: diff.a.title,
      ...(diff.a.total !== undefined ? { total: diff.a.total.toString() } : {}),
    },
    b: {
      title: diff.b.title,
      ...(diff.b.total !== undefined ? { total: diff.b.total.toString() } : {}),
    },
    ...(diff.difference !== undefined ? { difference: diff.difference.toString() } : {}),
    symbols: diff.symbols.map((s) => ({
      name: s.name,
      a: s.a?.toString() ?? null,
      b: s.b?.toString() ?? null,
      ...(s.aFrom ? { a_default_of: s.aFrom } : {}),
      ...(s.bFrom ? { b_default_of: s.bFrom } : {}),
    })),
    components: diff.components.map((c) => ({
      path: c.path,
      a: side(c.a),
      b: side(c.b),
      ...(c.difference !== undefined ? { difference: c.difference.toString() } : {}),
    })),
  };
}
