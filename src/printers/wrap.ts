/** Prose for terminals: words packed into lines of a given width, broken only at spaces. */

/** Words as many to a line as fit in `width` (a word longer than the width stands alone). */
export function wrapWords(text: string, width: number): string[] {
  return packed(text.split(' '), width, ' ');
}

/**
 * Prose within `width` columns, broken at spaces: the first line after `first`, the others after
 * `rest` (a hanging indent), so a note reads as one paragraph at any terminal width.
 */
export function hanging(text: string, width: number, first: string, rest = first): string[] {
  const lines = wrapWords(text, width - Math.max([...first].length, [...rest].length));
  return lines.map((line, i) => `${i === 0 ? first : rest}${line}`);
}

/** Items joined by `separator`, as many on a line as fit in `width`. */
export function packed(items: readonly string[], width: number, separator: string): string[] {
  const lines: string[] = [];
  for (const item of items) {
    const last = lines[lines.length - 1];
    if (last !== undefined && [...last].length + separator.length + [...item].length <= width)
      lines[lines.length - 1] = last + separator + item;
    else lines.push(item);
  }
  return lines.map((l, i) => (i < lines.length - 1 ? l + separator.trimEnd() : l));
}
