import { describe, expect, it } from 'vitest';
import { renderBlock } from '../../../src/cli/blocks/render-block.js';
import { renderBlocks as renderBlocksHere } from '../../../src/cli/blocks/render-blocks.js';
import { loadJson } from '../../support/fixtures.js';

// The built module, whose helper threads run the built modules beside it (from the TypeScript
// sources there is no thread module, and the blocks render in this thread).
const { renderBlocks } = (await import(
  new URL('../../../dist/cli/blocks/render-blocks.js', import.meta.url).href
)) as typeof import('../../../src/cli/blocks/render-blocks.js');

// Outside figures: the checkpoints' totals as transformers counts them (hf-models.json).
const published = loadJson<{ models: Array<{ name: string; total_params: number }> }>(
  'hf-models.json',
).models;
const total = (name: string) =>
  published
    .find((m) => m.name === name)!
    .total_params.toLocaleString('en-US')
    .replace(/,/g, '{,}');
const models = [
  ['llama-2-7b', 'meta-llama/Llama-2-7b-hf'],
  ['mistral-7b', 'mistralai/Mistral-7B-v0.1'],
  ['mixtral-8x7b', 'mistralai/Mixtral-8x7B-v0.1'],
  ['gpt2', 'openai-community/gpt2'],
  ['opt-125m', 'facebook/opt-125m'],
  ['qwen2.5-0.5b', 'Qwen/Qwen2.5-0.5B'],
] as const;

// Six models (enough for a helper in Markdown) in two commands each, interleaved so that a model's blocks are far apart, a
// mistake between them and a diff, which derives two models.
const texts = [
  ...models.map(([preset]) => `derive ${preset} --show total`),
  'derive lama-2-7b',
  ...models.map(([preset]) => `memory ${preset} --dtype int4 --context 4k --show total`),
  'diff gpt2 llama-2-7b',
];

describe('blocks rendered together', () => {
  it('are what each renders alone, in their order, with their mistakes, over threads', async () => {
    const alone = await Promise.all(texts.map((text) => renderBlock(text, { format: 'md' })));
    // One helper thread whatever the machine's load (by default, only on a spare core).
    const together = await renderBlocks(texts, { format: 'md' }, 1);
    expect(together).toEqual(alone);
    models.forEach(([, name], i) => {
      expect(together[i]!.markup).toBe(`$$\nP_{\\text{model}} = ${total(name)}\n$$\n`);
    });
    expect(together[models.length]!.error).toMatch(/^unknown target 'lama-2-7b'/);
    expect(together.filter((r) => r.error)).toHaveLength(1);
  });

  it('are the same from the sources, in one thread, as HTML too', async () => {
    const html = await renderBlocks(texts, { format: 'html', lang: 'zh' }, 1);
    expect(await renderBlocksHere(texts, { format: 'html', lang: 'zh' })).toEqual(html);
    expect(html[3]!.markup).toContain('124,439,808');
  });

  it('are none when there is none', async () => {
    expect(await renderBlocks([], { format: 'md' })).toEqual([]);
  });
});
