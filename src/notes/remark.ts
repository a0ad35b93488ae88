import { isBlockInfo } from '../cli/blocks/note-fences.js';
import type { BlockOptions } from '../cli/blocks/render-block.js';
import { renderBlocks } from '../cli/blocks/render-blocks.js';

/** The plugin's options: the blocks' language and KaTeX's output (HTML and MathML, or MathML). */
export type RemarkTparamsOptions = Partial<Omit<BlockOptions, 'format'>>;

/** The mdast nodes the plugin reads and writes (remark's `code` and `html`), as far as it needs. */
interface MdastNode {
  type: string;
  lang?: string | null;
  meta?: string | null;
  value?: string;
  children?: MdastNode[];
}

/**
 * A remark plugin (unified): each ```` ```tparams ```` code node becomes an `html` node of its
 * derivation, typeset by KaTeX at build time. With remark-rehype, pass
 * `{ allowDangerousHtml: true }` to it and to rehype-stringify (or use rehype-raw) so the markup
 * reaches the page. The blocks of one model share its derivation; several models share out the
 * cores.
 */
export default function remarkTparams(options: RemarkTparamsOptions = {}) {
  return async (tree: MdastNode): Promise<void> => {
    const found: MdastNode[] = [];
    const visit = (node: MdastNode) => {
      if (node.type === 'code' && isBlockInfo(`${node.lang ?? ''} ${node.meta ?? ''}`))
        found.push(node);
      node.children?.forEach(visit);
    };
    visit(tree);
    const rendered = await renderBlocks(
      found.map((node) => node.value ?? ''),
      { format: 'html', ...options },
    );
    found.forEach((node, i) => {
      // The node becomes raw HTML in place: the same object, so its parent need not be found.
      node.type = 'html';
      node.value = rendered[i]!.markup;
      delete node.lang;
      delete node.meta;
    });
  };
}
