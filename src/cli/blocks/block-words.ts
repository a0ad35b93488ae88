import { UserError } from '../../errors/user-error.js';

/**
 * A `tparams` block's text as the words a shell would pass: split at spaces and line breaks,
 * `'…'` and `"…"` keep spaces, a backslash keeps the next character, and a line starting with
 * `#` is a comment. The block is one command, however many lines it takes, so a long one can be
 * written an option a line without a trailing backslash.
 */
export function blockWords(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: '"' | "'" | undefined;
  const lines = text.split(/\r?\n/).filter((line) => !/^\s*#/.test(line));
  const source = lines.join('\n');
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < source.length) word = `${word}${source[++i]}`;
      else word = `${word}${c}`;
    } else if (c === '"' || c === "'") {
      quote = c;
      word ??= '';
    } else if (c === '\\' && i + 1 < source.length) {
      word = (word ?? '') + source[++i];
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (quote)
    throw new UserError(`the block has an unclosed ${quote}: close it, or escape it with \\`, {
      field: 'block',
      received: text.trim().slice(0, 80),
    });
  if (word !== undefined) words.push(word);
  return words;
}
