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
  /** Visible width of printed text (TeX commands take no room). */
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
  const lines = fit(pieces, -1, budget);
  const lineOf = new Map<Piece, number>();
  lines.forEach((line, i) => {
    for (const p of line.pieces) lineOf.set(p, i);
  });
  const broken = new Set<number>();
  const opened = new Map<number, number>();
  for (const p of pieces) {
    if (p.group === undefined) continue;
    if (p.role === 'open') opened.set(p.group, lineOf.get(p)!);
    else if (opened.get(p.group) !== lineOf.get(p)) broken.add(p.group);
  }
  const textOf = (p: Piece) => {
    if (p.group === undefined || !broken.has(p.group)) return p.text;
    return (p.role === 'open' ? format.brokenOpen : format.brokenClose) ?? p.text;
  };
  return lines.map((line, i) => {
    const text = line.pieces.map(textOf).join('');
    return { text: i === 0 ? text : text.trimStart(), depth: line.depth };
  });
}

interface Line {
  pieces: Piece[];
  depth: number;
}

function fit(pieces: readonly Piece[], depth: number, budget: LineBudget): Line[] {
  const width = (ps: readonly Piece[]) => budget.measure(ps.map((p) => p.text).join(''));
  if (width(pieces) <= budget.width(depth)) return [{ pieces: [...pieces], depth }];
  // The shallowest place to break, never before the first piece.
  const depths = pieces.slice(1).flatMap((p) => (p.breakDepth === undefined ? [] : [p.breakDepth]));
  if (depths.length === 0) return [{ pieces: [...pieces], depth }];
  const shallowest = Math.min(...depths);
  const segments: Piece[][] = [[]];
  pieces.forEach((p, i) => {
    if (i > 0 && p.breakDepth === shallowest) segments.push([]);
    segments[segments.length - 1]!.push(p);
  });
  // Pack segments greedily; the first keeps the line's own depth, the rest start at `shallowest`.
  const packed: Line[] = [];
  for (const segment of segments) {
    const last = packed[packed.length - 1];
    if (last && width([...last.pieces, ...segment]) <= budget.width(last.depth))
      last.pieces.push(...segment);
    else packed.push({ pieces: segment, depth: last ? shallowest : depth });
  }
  return packed.flatMap((line) => fit(line.pieces, line.depth, budget));
}
