import { isBlockInfo } from '../cli/blocks/note-fences.js';
import { type BlockOptions, renderBlock } from '../cli/blocks/render-block.js';

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
 * reaches the page. Blocks render concurrently, in one process.
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
    await Promise.all(
      found.map(async (node) => {
        const { markup } = await renderBlock(node.value ?? '', { format: 'html', ...options });
        // The node becomes raw HTML in place: the same object, so its parent need not be found.
        node.type = 'html';
        node.value = markup;
        delete node.lang;
        delete node.meta;
      }),
    );
  };
}
