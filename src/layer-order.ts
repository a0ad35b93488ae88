/**
 * The layers of `src/`, lowest first. A module may import from its own folder and from any layer
 * below its own, never from one above: the arrows point one way, so a reader (and the bundler)
 * can take any folder with only what lies beneath it. Folders in one row are peers and do not
 * import each other. `test/architecture/layers.test.ts` reads every import and holds the code to
 * this table; the README's Layout section describes each folder.
 */
export const layers: readonly (readonly string[])[] = [
  // Foundations: the bounds on input, user errors, JSON, files and HTTP bodies.
  ['limits.ts'],
  ['errors'],
  ['json'],
  ['files', 'http'],
  ['hub'],
  // GPUs as their datasheets describe them: data, and the names people write for them.
  ['hardware'],
  // The expression core: trees, printers of trees, the symbol table.
  ['expr'],
  ['render'],
  ['symbols'],
  // Transformers as parts, their derivations, and what `derive` accepts.
  ['components'],
  ['derive'],
  ['targets'],
  ['models'],
  ['checkpoint'],
  ['header-model'],
  // Beside the count, the report of a target, and the requests the CLI, web page and library share.
  ['analysis'],
  ['report'],
  ['requests'],
  ['i18n'],
  // What people read: CLI printers and documents.
  ['printers'],
  ['documents'],
  // The two front ends and the library's entry point.
  ['cli', 'web'],
  // Plugins that render `tparams` blocks in other tools' Markdown (markdown-it, remark).
  ['notes'],
  ['index.ts'],
];
