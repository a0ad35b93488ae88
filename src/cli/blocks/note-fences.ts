import MarkdownIt from 'markdown-it';

/** A `tparams` fenced block of a note: its text and the lines it spans (0-based, end exclusive). */
export interface NoteFence {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** The info string that marks a block (its first word: ```` ```tparams ```` ). */
export const blockInfo = 'tparams';

/** Whether a fence's info string names a tparams block. */
export const isBlockInfo = (info: string): boolean => info.trim().split(/\s+/)[0] === blockInfo;

/**
 * The note's tparams blocks, found by markdown-it's CommonMark parser (so a fence inside a list or
 * a quote is one, and one inside an indented code block or a longer fence is not), in order.
 */
export function noteFences(note: string): NoteFence[] {
  const md = new MarkdownIt();
  // Fences are block tokens: the block rules alone find them, as they do in a full parse, which
  // also parsed the inline text of every paragraph and heading (emphasis, links) for nothing.
  md.core.ruler.enableOnly(['normalize', 'block']);
  const tokens = md.parse(note, {});
  return tokens.flatMap((t) =>
    t.type === 'fence' && isBlockInfo(t.info) && t.map
      ? [{ text: t.content, start: t.map[0], end: t.map[1] }]
      : [],
  );
}
