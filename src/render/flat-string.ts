/**
 * The same string, stored flat. KaTeX builds its markup by concatenation, which V8 keeps as a
 * tree of pieces (a "cons string") until something reads it whole; a formula's markup kept in a
 * memo and put into a document many times would then be walked piece by piece at every use, and
 * flattened again in every document that holds it. Converting a string to a number makes V8
 * flatten it in place (the trick of the flatstr package), once.
 */
export function flattened(text: string): string {
  // The number is not wanted, only the flattening its reading does (were a compiler to drop the
  // call, only the saving would be lost).
  void Number(text);
  return text;
}
