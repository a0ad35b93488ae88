import { roleOrder } from '../analysis/role-totals.js';
import { formatCount, signed } from '../render/numbers.js';
import { loadLocale, reasonText } from '../i18n/locale.js';
import { sharePercent } from '../analysis/breakdown.js';
import type { Report } from '../report/report.js';
import { alignedText } from './notation.js';
import { hanging } from './wrap.js';

/** The whole-model figures as text lines within `width` columns: non-embedding count, shares by role, approximations. */
export function modelFiguresText(report: Report, width: number): string[] {
  const model = report.model;
  if (!model || report.total === undefined) return [];
  const english = loadLocale('en');
  const roleNames = english.roles;
  const total = report.total;
  const lines = ['', 'Figures', `  total          ${formatCount(total)}`];
  // What the checkpoint holds beside the total, said next to it; derived in its own section below.
  for (const l of model.leftOut ?? []) {
    if (l.derivation.value !== undefined)
      lines.push(
        ...besideOrBelow(
          `  left out       ${formatCount(l.derivation.value)}`,
          `(${l.name}: see below)`,
          width,
          17,
        ),
      );
  }
  lines.push(
    ...besideOrBelow(
      `  non-embedding  ${formatCount(model.nonEmbedding)}`,
      '(total − token/position embeddings − untied output head)',
      width,
      17,
    ),
  );
  const active = model.active;
  if (active.derivation && active.value !== undefined) {
    lines.push(
      ...besideOrBelow(
        `  active         ${formatCount(active.value)}`,
        '(a token passes through k_top routed experts, all else)',
        width,
        17,
      ),
    );
    if (active.excludingEmbedding.value !== undefined) {
      lines.push(
        ...besideOrBelow(
          `    excl. embed  ${formatCount(active.excludingEmbedding.value)}`,
          '(less the input token table, as DeepSeek and OpenAI report)',
          width,
          17,
        ),
      );
    }
    lines.push(
      '',
      'Active parameters',
      ...alignedText(active.derivation, width - 2).map((l) => `  ${l}`),
    );
  }
  for (const l of model.leftOut ?? []) {
    lines.push(
      '',
      `Not in the total: ${l.name}`,
      ...wrapped(`(${l.reason})`, width - 2).map((w) => `  ${w}`),
    );
    lines.push(...alignedText(l.derivation, width - 2).map((w) => `  ${w}`));
  }
  lines.push('', 'Share by role');
  const roles = roleOrder.filter((r) => model.roles[r] !== undefined);
  const nameWidth = Math.max(...roles.map((r) => roleNames[r].length));
  for (const role of roles) {
    const value = model.roles[role]!;
    lines.push(
      `  ${roleNames[role].padEnd(nameWidth)}  ${formatCount(value).padStart(formatCount(total).length)}  ${sharePercent(value, total).toFixed(2).padStart(6)}%`,
    );
  }
  lines.push('', 'Approximations');
  for (const a of model.approximations) {
    if (!a.applies) {
      lines.push(
        ...besideOrBelow(
          `  ${a.name}: ${a.text}`,
          `${english.phrases.doesNotApply}: ${english.reasons.notApplicable[a.shape]}`,
          width,
          4,
        ),
      );
      continue;
    }
    const head = `  ${a.name}: ${a.text} = ${formatCount(a.value)}`;
    lines.push(
      ...besideOrBelow(
        head,
        `exact − approx = ${signed(a.error)} (${a.errorPercent.toFixed(2)}%)`,
        width,
        4,
      ),
    );
    for (const reason of a.reasons)
      lines.push(`    ${reasonText(reason, english)}: ${signed(reason.difference)}`);
  }
  return lines;
}

/** `head   note` when it fits in `width`, else the note on a line of its own, indented by `indent`. */
function besideOrBelow(head: string, note: string, width: number, indent: number): string[] {
  const beside = `${head}   ${note}`;
  return [...beside].length <= width
    ? [beside]
    : [head, ...hanging(note, width, ' '.repeat(indent), ' '.repeat(indent + 2))];
}

/** Words wrapped at spaces within `width` columns. */
function wrapped(words: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of words.split(' ')) {
    if (line && [...`${line} ${word}`].length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return line ? [...lines, line] : lines;
}
