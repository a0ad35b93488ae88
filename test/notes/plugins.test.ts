import MarkdownIt from 'markdown-it';
import rehypeStringify from 'rehype-stringify';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { loadJson } from '../support/fixtures.js';

// The built plugins, as a site imports them (`transformer-params/markdown-it`): the markdown-it
// one renders in a worker thread, which runs the built modules.
const dist = (name: string) => new URL(`../../dist/notes/${name}.js`, import.meta.url).href;
const { default: tparamsMarkdownIt } = (await import(
  dist('markdown-it')
)) as typeof import('../../src/notes/markdown-it.js');
const { default: remarkTparams } = (await import(
  dist('remark')
)) as typeof import('../../src/notes/remark.js');

// Outside figures: Llama-2-7B's 6,738,415,616 (Meta's checkpoint, hf-models.json) and PyTorch's
// numel() of nn.MultiheadAttention(768, 12), 2,362,368 (torch-nn.json).
const llama = loadJson<{ models: Array<{ name: string; total_params: number }> }>(
  'hf-models.json',
).models.find((m) => m.name === 'meta-llama/Llama-2-7b-hf')!;
const mha = 2_362_368;

const note = `# Sizes

\`\`\`tparams
derive llama-2-7b --show total
\`\`\`

> \`\`\`tparams
> derive torch.nn.MultiheadAttention --set embed_dim=768 --set num_heads=12
> \`\`\`

\`\`\`js
const x = 1;
\`\`\`

\`\`\`tparams
derive no-such-model
\`\`\`
`;

function checkPage(html: string) {
  expect(html).toContain('<h1>Sizes</h1>');
  expect(html.match(/class="tparams-block"/g)).toHaveLength(2);
  expect(html).toContain(llama.total_params.toLocaleString('en-US'));
  expect(html).toContain(mha.toLocaleString('en-US'));
  expect(html).toMatch(/<blockquote>\s*<div class="tparams-block">/);
  expect(html).toContain('const x = 1;');
  expect(html).toContain('tparams: unknown target &#39;no-such-model&#39;');
  expect(html).not.toContain('katex-error');
}

describe('the markdown-it plugin, in markdown-it itself', () => {
  it('renders each block synchronously, typeset by KaTeX, and leaves other fences alone', () => {
    checkPage(new MarkdownIt().use(tparamsMarkdownIt).render(note));
  });

  it('writes MathML alone when asked, and Chinese where the note is', () => {
    const md = new MarkdownIt().use(tparamsMarkdownIt, { katexOutput: 'mathml', lang: 'zh' });
    const html = md.render('```tparams\nderive gpt2 --show breakdown\n```\n');
    expect(html).toContain('<math');
    expect(html).not.toContain('katex-html');
    expect(html).toContain('<th>组件</th>');
  });
});

describe('the remark plugin, in unified', () => {
  it('renders each block at build time into the HTML remark-rehype passes on', async () => {
    const file = await unified()
      .use(remarkParse)
      .use(remarkTparams)
      .use(remarkRehype, { allowDangerousHtml: true })
      .use(rehypeStringify, { allowDangerousHtml: true })
      .process(note);
    checkPage(String(file));
  });
});
