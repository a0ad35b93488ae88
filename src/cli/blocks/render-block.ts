import { UserError } from '../../errors/user-error.js';
import { escapeHtml } from '../../render/escape.js';
import { parseBlock } from './block-command.js';
import { blockContent } from './block-content.js';
import { blockMarkup, type MarkupOptions } from './block-markup.js';
import { blockWords } from './block-words.js';

/** How blocks render: the markup, the note's language (a block's `--lang` wins). */
export type BlockOptions = Omit<MarkupOptions, 'lang'> & { readonly lang?: string };

/** A block rendered: its markup, and its mistake's message when it has one. */
export interface RenderedBlock {
  readonly markup: string;
  readonly error?: string;
}

/**
 * A `tparams` block's text as markup. A mistake in the block (an unknown option, a missing file,
 * a typo in a preset's name) renders as the one line the CLI gives for it, so a note never
 * breaks; the caller decides whether it fails the build (`tparams render --strict`).
 */
export async function renderBlock(text: string, o: BlockOptions): Promise<RenderedBlock> {
  try {
    const block = await parseBlock(blockWords(text), o.lang);
    const content = await blockContent(block);
    return { markup: blockMarkup(content, block.show, { ...o, lang: block.lang }) };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    const line = `tparams: ${error.message}`;
    return {
      error: error.message,
      markup:
        o.format === 'html'
          ? `<div class="tparams-block tparams-error" role="alert">${escapeHtml(line)}</div>\n`
          : `> ${line.replace(/\n/g, ' ')}\n`,
    };
  }
}
