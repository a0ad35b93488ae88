import type { InfixFormat, Piece } from './infix-printer.js';

/** One line of a broken expression: its text, and how deep in parentheses the break before it was. */
export interface BrokenLine {
  readonly text: string;
  /** -1 for the first line; otherwise the nesting depth of the `+`/`−` it starts with. */
  readonly depth: number;
}

/** How wide a line may be and how wide text looks. */
export interface LineBudget {
  /** The widest a line may be, given the depth it starts at (continuation lines are indented). */
  width(depth: number): number;
  /**
   * Visible width of a piece of printed text (TeX commands take no room); a line is as wide as
   * its pieces together, so widths must add up exactly (whole units, not fractions of a float).
   */
  measure(text: string): number;
}

/**
 * Breaks a printed expression into lines at term boundaries: first between the terms of the
 * outermost sum, packing as many on a line as fit; a line still too wide is broken between the terms
 * of the sums inside it, one level deeper, and so on. A term with no sum inside stays whole, even if
 * wide. Parentheses a break falls inside are printed in the format's broken form.
 */
export function breakLines(
  pieces: readonly Piece[],
  format: InfixFormat,
  budget: LineBudget,
): BrokenLine[] {
  const lines = fit(pieces, budget);
  const lineOf = new Int32Array(pieces.length);
  lines.forEach((line, i) => {
    lineOf.fill(i, line.from, line.to);
  });
  const broken = new Set<number>();
  const opened = new Map<number, number>();
  pieces.forEach((p, k) => {
    if (p.group === undefined) return;
    if (p.role === 'open') opened.set(p.group, lineOf[k]!);
    else if (opened.get(p.group) !== lineOf[k]) broken.add(p.group);
  });
  const textOf = (p: Piece) => {
    if (p.group === undefined || !broken.has(p.group)) return p.text;
    return (p.role === 'open' ? format.brokenOpen : format.brokenClose) ?? p.text;
  };
  return lines.map((line, i) => {
    const text = pieces.slice(line.from, line.to).map(textOf).join('');
    return { text: i === 0 ? text : text.trimStart(), depth: line.depth };
  });
}

/** A line: a run of the expression's pieces, `from` to `to` (exclusive), and its break depth. */
interface Line {
  readonly from: number;
  readonly to: number;
  readonly depth: number;
}

/**
 * Each piece measured once, a line's width the sum of its pieces' (`ends[i]`: the width up to
 * piece i): re-measuring a line's text at every segment tried made a long formula quadratic.
 */
function fit(pieces: readonly Piece[], budget: LineBudget): Line[] {
  const ends = [0];
  for (const p of pieces) ends.push(ends[ends.length - 1]! + budget.measure(p.text));
  const width = (from: number, to: number) => ends[to]! - ends[from]!;
  const lines: Line[] = [];
  const place = (line: Line) => {
    if (width(line.from, line.to) <= budget.width(line.depth)) return void lines.push(line);
    // The shallowest place to break, never before the first piece.
    let shallowest = Infinity;
    for (let i = line.from + 1; i < line.to; i++)
      shallowest = Math.min(shallowest, pieces[i]!.breakDepth ?? Infinity);
    if (shallowest === Infinity) return void lines.push(line);
    // Segments start at the breaks; packed greedily, the first keeps the line's own depth, the
    // rest start at `shallowest`.
    const packed: Line[] = [];
    let start = line.from;
    for (let i = line.from + 1; i <= line.to; i++) {
      if (i < line.to && pieces[i]!.breakDepth !== shallowest) continue;
      const last = packed[packed.length - 1];
      if (last && width(last.from, i) <= budget.width(last.depth))
        packed[packed.length - 1] = { ...last, to: i };
      else packed.push({ from: start, to: i, depth: last ? shallowest : line.depth });
      start = i;
    }
    packed.forEach(place);
  };
  place({ from: 0, to: pieces.length, depth: -1 });
  return lines;
}
