import type { KatexOutput } from '../../render/katex.js';
import type { MathRenderer } from '../math-renderers.js';

/** The options of `tparams derive` that only some formats take, in the order they are checked. */
export const formatOptions = ['fragment', 'template', 'mathml'] as const;

/** An option of `tparams derive` that only some formats take. */
export type FormatOption = (typeof formatOptions)[number];

/**
 * The printers over a report that the CLI runs for a format not filled from templates (or for
 * `--fragment`); they are named here, not imported, so the web page loads none of them.
 */
export type ReportPrinter = 'text' | 'json' | 'tex-equations' | 'katex-fragments';

/** How a document format writes what its templates put into it. */
export interface DocumentSyntax {
  /** The folder of its templates under `templates/`: `model.eta`, `component.eta`, partials. */
  readonly templates: string;
  /** Text put in with `<%= %>`, made inert; `<%~ %>` inserts markup as it is. */
  readonly escape: (value: unknown) => string;
  /** Code (a module's key, a config field) as the format sets it, escaped: `it.code(s.key)`. */
  readonly code: (value: unknown) => string;
  /** How it sets formulas; HTML's KaTeX writes the markup the options ask for. */
  readonly math: (output?: KatexOutput) => MathRenderer;
  /** Whether the document embeds KaTeX's stylesheet (`it.katexCss`) when its math is not MathML alone. */
  readonly katexStylesheet?: boolean;
}

/**
 * One output format of `tparams derive` and the web page's downloads: its name (`--format NAME`),
 * the file it makes, the options it takes, and either its templates' syntax or a report printer.
 */
export interface OutputFormat<Name extends string = string> {
  readonly name: Name;
  /** The file name's extension, without the dot. */
  readonly extension: string;
  /** The media type a download is saved as (with `;charset=utf-8`). */
  readonly mimeType: string;
  /** The options beyond `--lang` and `-o` that apply to it. */
  readonly options: readonly FormatOption[];
  /** Filled from templates: how it escapes, sets code and math. */
  readonly document?: DocumentSyntax;
  /** Printed from the report instead (always, or with `--fragment` when it is a document). */
  readonly printer?: ReportPrinter;
}

/** A format filled from templates (md, tex, html): the ones `renderDocument` and downloads make. */
export interface DocumentOutputFormat<Name extends string = string> extends OutputFormat<Name> {
  readonly document: DocumentSyntax;
}
