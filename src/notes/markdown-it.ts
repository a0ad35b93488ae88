import type { MarkdownIt } from 'markdown-it';
import { isBlockInfo } from '../cli/blocks/note-fences.js';
import type { BlockOptions } from '../cli/blocks/render-block.js';
import { renderBlocksSync } from './sync-blocks.js';

/** The plugin's options: the blocks' language and KaTeX's output (HTML and MathML, or MathML). */
export type TparamsMarkdownItOptions = Partial<Omit<BlockOptions, 'format'>>;

/**
 * A markdown-it plugin: each ```` ```tparams ```` fence becomes its derivation, typeset by KaTeX
 * (`md.use(tparams, { lang: 'zh' })`). A block with a mistake renders as the CLI's one-line
 * message. The page needs KaTeX's stylesheet (`katex/dist/katex.min.css`) unless
 * `katexOutput: 'mathml'`.
 */
export default function tparams(md: MarkdownIt, options: TparamsMarkdownItOptions = {}): void {
  const fence = md.renderer.rules.fence!;
  md.renderer.rules.fence = (tokens, idx, opts, env, self) => {
    const token = tokens[idx]!;
    if (!isBlockInfo(token.info)) return fence(tokens, idx, opts, env, self);
    // The page's blocks are rendered at its first, together: one wait, the models shared out
    // among the cores; the later ones are known by then.
    const page = tokens.flatMap((t) =>
      t !== token && t.type === 'fence' && isBlockInfo(t.info) ? [t.content] : [],
    );
    return renderBlocksSync([token.content, ...page], { format: 'html', ...options })[0]!.markup;
  };
}
