import type { Solution } from '../analysis/solve.js';
import type { Rational } from '../expr/rational.js';
import { decimalRatio, formatCount, significantRatio } from '../render/numbers.js';
import { terminalWidth } from './notation.js';
import { hanging, packed } from './wrap.js';

const superscripts: Record<number, string> = { 2: '²', 3: '³' };

/** A rational coefficient for people: a whole number with separators, else a fraction. */
const coefficient = (c: Rational) =>
  c.d === 1n
    ? formatCount(c.n < 0n ? -c.n : c.n)
    : `(${formatCount(c.n < 0n ? -c.n : c.n)}/${formatCount(c.d)})`;

/** `a·x² + b·x + c`, highest degree first, zero terms left out. */
export function polynomialText(polynomial: readonly Rational[], variable: string): string {
  const terms = polynomial
    .map((c, degree) => ({ c, degree }))
    .filter(({ c }) => c.n !== 0n)
    .reverse()
    .map(({ c, degree }, i) => {
      const power = degree === 0 ? '' : `${variable}${superscripts[degree] ?? ''}`;
      const body =
        degree === 0 ? coefficient(c) : c.n === c.d ? power : `${coefficient(c)}·${power}`;
      const sign = c.n < 0n ? '−' : '+';
      return i === 0 ? (c.n < 0n ? `−${body}` : body) : `${sign} ${body}`;
    });
  return terms.join(' ') || '0';
}

const percent = (count: bigint, target: bigint) => {
  // From the integers, so a count of any size has a finite share (a small one keeps two significant digits).
  const difference = count - target;
  const size = difference < 0n ? -difference : difference;
  const shown =
    size * 10_000n >= target || size === 0n
      ? decimalRatio(size * 100n, target, 2)
      : significantRatio(size * 100n, target, 2);
  return `${difference >= 0n ? '+' : '−'}${shown} %`;
};

/** The solutions for terminals: the polynomial, its root, the valid values on either side, the answer. */
export function solveText(
  title: string,
  solutions: readonly Solution[],
  closedForm?: { label: string; text: string },
  width = terminalWidth(),
): string {
  const lines = [title, ''];
  if (closedForm) lines.push(...formulaLines(`${closedForm.label} = `, closedForm.text, width), '');
  for (const s of solutions) {
    const x = s.variable;
    const what =
      s.measure === 'active'
        ? 'active parameters'
        : s.measure === 'memory'
          ? `weights in ${s.dtype}, in bytes,`
          : 'a total';
    lines.push(
      `Solve ${s.field}${x !== s.field ? ` (${x})` : ''} for ${what} of ${formatCount(s.target)}${s.step > 1n ? `, in multiples of ${formatCount(s.step)}` : ''}`,
    );
    const f = s.measure === 'memory' ? 'M' : 'P';
    const polynomial = `  ${f}(${x}) = ${polynomialText(s.polynomial, x)}`;
    const aside = '(every other size as the model has it)';
    lines.push(
      ...([...polynomial].length + 3 + aside.length <= width
        ? [`${polynomial}   ${aside}`]
        : [polynomial, `    ${aside}`]),
    );
    lines.push(`  ${f}(${x}) = ${formatCount(s.target)}  ⇒  ${x} ≈ ${s.root}`);
    const valueWidth = Math.max(...s.candidates.map((c) => formatCount(c.value).length));
    for (const c of s.candidates)
      lines.push(
        `  ${x} = ${formatCount(c.value).padStart(valueWidth)}:  ${formatCount(c.count)}   (${percent(c.count, s.target)})`,
      );
    lines.push(
      `  → ${s.field} = ${formatCount(s.best.value)}   (the model has ${formatCount(s.current.value)}: ${formatCount(s.current.count)})`,
      '',
    );
  }
  return lines.join('\n');
}

/** The solutions as JSON: decimal strings for counts, coefficients as [numerator, denominator]. */
export function solveJson(
  target: string,
  solutions: readonly Solution[],
  closedForm?: { label: string; text: string },
): Record<string, unknown> {
  return {
    target,
    ...(closedForm ? { closed_form: closedForm } : {}),
    solutions: solutions.map((s) => ({
      field: s.field,
      variable: s.variable,
      measure: s.measure,
      ...(s.measure === 'memory' ? { dtype: s.dtype } : {}),
      target: s.target.toString(),
      step: s.step.toString(),
      polynomial: s.polynomial.map((c) => [c.n.toString(), c.d.toString()]),
      polynomial_text: polynomialText(s.polynomial, s.variable),
      root: s.root,
      candidates: s.candidates.map((c) => ({
        value: c.value.toString(),
        count: c.count.toString(),
      })),
      value: s.best.value.toString(),
      count: s.best.count.toString(),
      current: { value: s.current.value.toString(), count: s.current.count.toString() },
    })),
  };
}

/**
 * A formula after its head (`P_model = `), within `width`: broken before the `+` or `−` of its
 * outermost sum, each continuation under the `=`; a term still too long is broken at spaces.
 */
function formulaLines(head: string, formula: string, width: number): string[] {
  const terms: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < formula.length; i++) {
    const c = formula[i]!;
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (
      depth === 0 &&
      (c === '+' || c === '−') &&
      formula[i - 1] === ' ' &&
      formula[i + 1] === ' '
    ) {
      terms.push(formula.slice(start, i - 1));
      start = i;
    }
  }
  terms.push(formula.slice(start));
  const pad = ' '.repeat(Math.max(0, [...head].length - 2));
  const lines = packed(terms, width - [...head].length, ' ');
  return lines.flatMap((line, i) =>
    i === 0 ? hanging(line, width, head, `${pad}    `) : hanging(line, width, pad, `${pad}    `),
  );
}
