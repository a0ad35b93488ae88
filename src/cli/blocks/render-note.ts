import MarkdownIt from 'markdown-it';
import { katexStylesheet } from '../../documents/katex-stylesheet.js';
import { UserError } from '../../errors/user-error.js';
import { escapeHtml } from '../../render/escape.js';
import { isBlockInfo, noteFences } from './note-fences.js';
import type { BlockOptions } from './render-block.js';
import { renderBlocks } from './render-blocks.js';

/** What `tparams render` makes of a note: Markdown with math, or a standalone HTML page. */
export interface NoteOptions {
  readonly format: 'md' | 'html';
  readonly lang?: string;
  readonly katexOutput?: BlockOptions['katexOutput'];
  /** Fail on a block's mistake (exit 2, naming its line) instead of rendering its message. */
  readonly strict?: boolean;
  /** Helper threads at most (`renderBlocks`'s `most`): by default, one for each spare core. */
  readonly helpers?: number;
}

/** A block's mistake, by the line its fence opens on (1-based). */
export interface BlockMistake {
  readonly line: number;
  readonly message: string;
}

/**
 * A note with each `tparams` block replaced by what it renders to; everything else byte for byte
 * (`md`), or the note as a page with KaTeX's stylesheet and fonts inlined (`html`). `where` names
 * the note in a strict failure.
 */
export async function renderNote(
  note: string,
  where: string,
  o: NoteOptions,
): Promise<{ text: string; mistakes: BlockMistake[] }> {
  const fences = noteFences(note);
  const format = o.format;
  const blockOptions: BlockOptions = {
    format,
    ...(o.lang ? { lang: o.lang } : {}),
    ...(o.katexOutput ? { katexOutput: o.katexOutput } : {}),
  };
  // The blocks of one model share its derivation; a note of many models shares the cores too.
  const rendered = await renderBlocks(
    fences.map((f) => f.text),
    blockOptions,
    o.helpers,
  );
  const mistakes = rendered.flatMap((r, i) =>
    r.error ? [{ line: fences[i]!.start + 1, message: r.error }] : [],
  );
  if (o.strict && mistakes[0])
    throw new UserError(`${where}:${mistakes[0].line}: ${mistakes[0].message}`, {
      field: 'block',
      received: `${where}:${mistakes[0].line}`,
    });
  if (format === 'md') return { text: replaceLines(note, fences, rendered), mistakes };
  const byText = new Map(fences.map((f, i) => [f.text, rendered[i]!.markup]));
  const md = new MarkdownIt({ html: true });
  const fence = md.renderer.rules.fence!;
  md.renderer.rules.fence = (tokens, idx, options, env, self) =>
    isBlockInfo(tokens[idx]!.info)
      ? byText.get(tokens[idx]!.content)!
      : fence(tokens, idx, options, env, self);
  return { text: page(md.render(note), where, o), mistakes };
}

/** The note's lines with each fence's replaced by its markup, indented as the fence was. */
function replaceLines(
  note: string,
  fences: ReturnType<typeof noteFences>,
  rendered: ReadonlyArray<{ markup: string }>,
): string {
  const lines = note.split(/(?<=\n)/);
  const eol = /\r\n/.test(note) ? '\r\n' : '\n';
  let out = '';
  let at = 0;
  fences.forEach((f, i) => {
    out += lines.slice(at, f.start).join('');
    // A fence in a list item or a quote: its markup keeps the fence's indentation and markers.
    const prefix = /^[ \t>]*/.exec(lines[f.start] ?? '')![0];
    const last = lines[f.end - 1] ?? '';
    const body = rendered[i]!.markup.replace(/\n$/, '').split('\n');
    // A fence may touch a paragraph; math, a table or a quote must not, or they would join it.
    const blank = (line: string | undefined) => line === undefined || /^[ \t>]*\r?\n?$/.test(line);
    if (!blank(lines[f.start - 1])) body.unshift('');
    if (!blank(lines[f.end])) body.push('');
    out += body.map((l) => `${prefix}${l}`.replace(/[ \t]+$/, '')).join(eol);
    // The fence's own last line break is kept (a fence at the end of a note may have none).
    out += /\r?\n$/.test(last) ? eol : '';
    at = f.end;
  });
  return out + lines.slice(at).join('');
}

/** A page around a rendered note: KaTeX's CSS with its fonts, and the blocks' own few rules. */
function page(body: string, where: string, o: NoteOptions): string {
  const katex = o.katexOutput === 'mathml' ? '' : `<style>${katexStylesheet()}</style>\n`;
  return `<!doctype html>
<html lang="${escapeHtml(o.lang ?? 'en')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(where)}</title>
${katex}<style>${blockStyle}</style>
</head>
<body>
${body}</body>
</html>
`;
}

/** What a page needs for blocks beyond KaTeX's CSS (the README gives the same for sites). */
export const blockStyle = `body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}
.tparams-block{overflow-x:auto;margin:1rem 0}
.tparams-table{border-collapse:collapse;margin:.5rem 0}
.tparams-table td,.tparams-table th{border:1px solid #ccc;padding:.2rem .6rem}
.tparams-error{color:#a00;font-family:monospace;white-space:pre-wrap}`;
