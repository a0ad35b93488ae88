import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderNote } from '../../../src/cli/blocks/render-note.js';
import { loadJson } from '../../support/fixtures.js';

// Outside figures: PyTorch's numel() of nn.MultiheadAttention(512, 8) (torch-nn.json) and GPT-2's
// 124,439,808 (transformers' checkpoint comments, published-totals.json).
const attention = loadJson<{
  cases: Array<{
    module: string;
    args: { embed_dim: number; bias?: boolean; add_bias_kv?: boolean; kdim?: number };
    params: number;
  }>;
}>('torch-nn.json').cases.find(
  (c) =>
    c.module === 'MultiheadAttention' &&
    c.args.embed_dim === 512 &&
    c.args.bias &&
    !c.args.add_bias_kv &&
    !c.args.kdim,
)!;

const note = [
  '# Notes on attention',
  '',
  'Some *text* that stays as it is.  ',
  '```tparams',
  'derive torch.nn.MultiheadAttention --set embed_dim=512 --set num_heads=8',
  '```',
  'A paragraph.',
  '',
  '    ```tparams',
  '    an indented code block is not a block',
  '    ```',
  '',
  '- a list item',
  '',
  '  ```tparams',
  '  derive gpt2 --show total',
  '  ```',
  '',
  '```python',
  'print("other fences stay")',
  '```',
  '',
].join('\n');

describe('a note with tparams blocks, as Markdown', () => {
  it('replaces each block by its derivation and keeps the rest byte for byte', async () => {
    const { text, mistakes } = await renderNote(note, 'note.md', { format: 'md' });
    expect(mistakes).toEqual([]);
    expect(
      text.startsWith(
        '# Notes on attention\n\nSome *text* that stays as it is.  \n\n$$\n\\begin{aligned}\n',
      ),
    ).toBe(true);
    expect(text).toContain(
      `&= ${attention.params.toLocaleString('en-US').replace(/,/g, '{,}')}\n\\end{aligned}\n$$\n\nA paragraph.`,
    );
    expect(text).toContain('- a list item\n\n  $$\n  P_{\\text{model}} = 124{,}439{,}808\n  $$\n');
    expect(text).toContain('    ```tparams\n    an indented code block is not a block\n    ```\n');
    expect(text.endsWith('```python\nprint("other fences stay")\n```\n')).toBe(true);
  });

  it('keeps CRLF line ends where the note has them', async () => {
    const crlf = note.replace(/\n/g, '\r\n');
    const { text } = await renderNote(crlf, 'note.md', { format: 'md' });
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
  });

  it("renders a mistake as the CLI's line, and fails on it when strict", async () => {
    const bad = 'Intro\n\n```tparams\nderive lama-2-7b\n```\n';
    const { text, mistakes } = await renderNote(bad, 'note.md', { format: 'md' });
    expect(text).toBe(
      "Intro\n\n> tparams: unknown target 'lama-2-7b': did you mean llama-2-7b, llama-2-70b or llama-2-13b? (expected a preset, a component, a torch.nn module or a Hub id ORG/NAME; 'tparams list' shows them all)\n",
    );
    expect(mistakes).toMatchObject([{ line: 3 }]);
    await expect(renderNote(bad, 'note.md', { format: 'md', strict: true })).rejects.toThrow(
      /^note\.md:3: unknown target 'lama-2-7b'/,
    );
  });

  it('writes Chinese words where the note is Chinese', async () => {
    const { text } = await renderNote('```tparams\nderive gpt2 --show breakdown\n```\n', 'n.md', {
      format: 'md',
      lang: 'zh',
    });
    expect(text).toMatch(/^\| 组件 \| 公式 \| 参数量 \| 占比 \|/);
    expect(text).toContain('| 124,439,808 | 100.00% |');
  });
});

describe('a note as a page', () => {
  it('is the note in HTML with each block typeset by KaTeX and its stylesheet inlined', async () => {
    const { text } = await renderNote(note, 'note.md', { format: 'html' });
    expect(text).toMatch(/^<!doctype html>/);
    expect(text).toContain('@font-face');
    expect(text).toContain('<h1>Notes on attention</h1>');
    expect(text.match(/class="tparams-block"/g)).toHaveLength(2);
    expect(text).toContain('1,050,624');
    expect(text).toContain('<code class="language-python">');
  });
});

describe('what is not a block', () => {
  it('stays byte for byte, whatever the text around the blocks (fast-check)', async () => {
    const { default: fc } = await import('fast-check');
    // Paragraphs of any printable text but fences' characters and the line starts Markdown reads
    // as structure, separated by blank lines, around one block.
    const line = fc.stringMatching(/^[A-Za-z0-9 .,;:!?()*_\u00e9\u4e2d]{0,40}$/);
    const paragraph = fc.array(line, { minLength: 1, maxLength: 3 }).map((ls) => ls.join('\n'));
    const block = '```tparams\nderive gpt2 --show total\n```';
    await fc.assert(
      fc.asyncProperty(
        fc.array(paragraph, { maxLength: 4 }),
        fc.array(paragraph, { maxLength: 4 }),
        async (before, after) => {
          const note = [...before, block, ...after].join('\n\n') + '\n';
          const { text } = await renderNote(note, 'n.md', { format: 'md' });
          const markup = '$$\nP_{\\text{model}} = 124{,}439{,}808\n$$';
          expect(text).toBe([...before, markup, ...after].join('\n\n') + '\n');
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('blocks of the sizing commands', () => {
  it("counts LoRA as PEFT's printout does", async () => {
    // PEFT's print_trainable_parameters() for LLaMA-7B, r = 8 on q_proj, v_proj
    // (published-lora.json): trainable 4,194,304 || all 6,742,609,920.
    const { text } = await renderNote(
      '```tparams\nlora llama-2-7b --rank 8 --target-modules q_proj,v_proj --show figures\n```\n',
      'n.md',
      { format: 'md' },
    );
    expect(text).toContain('| $P_{\\text{train}}$ | 4,194,304 |');
    expect(text).toContain('| $P_{\\text{all}}$ | 6,742,609,920 |');
  });

  it('bounds decode above what llama-bench measured, and says it is a bound', async () => {
    // llama-bench tg128 of codellama-7b F16 on an RTX 4090: 61.03 tokens/s (published-speeds.json).
    const speeds = loadJson<{
      cases: Array<{ config: object; gpu: string; dtype: string; measured: number }>;
    }>('published-speeds.json').cases;
    const codellama = speeds[0]!;
    const config = join(mkdtempSync(join(tmpdir(), 'speed-block-')), 'config.json');
    writeFileSync(config, JSON.stringify(codellama.config));
    const { text } = await renderNote(
      `\`\`\`tparams\nspeed --config ${config} --gpu ${codellama.gpu} --dtype ${codellama.dtype} --context 128 --show figures\n\`\`\`\n`,
      'n.md',
      { format: 'md', strict: true },
    );
    const bound = Number(/decode tokens a second \(an upper bound\) \| ([\d.]+) \|/.exec(text)![1]);
    expect(bound).toBeGreaterThan(codellama.measured);
    expect(bound).toBeLessThan(2 * codellama.measured);
  });
});
