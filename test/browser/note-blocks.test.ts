/// <reference lib="dom" />
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderNote } from '../../src/cli/blocks/render-note.js';
import { browserPath, launchChromium, type BrowserContext } from '../support/chromium.js';

/** A note's blocks, rendered as `tparams render --format html` renders them, opened in Chromium. */
const outputDir = fileURLToPath(new URL('./output/', import.meta.url));

const notes = {
  en: `# Attention, step by step

Multi-head attention of width 512, as PyTorch builds it:

\`\`\`tparams
derive torch.nn.MultiheadAttention --set embed_dim=512 --set num_heads=8
\`\`\`

Llama-2-7B's KV cache at 4,096 tokens, and where its parameters go:

\`\`\`tparams
memory llama-2-7b --context 4k --show total
\`\`\`

\`\`\`tparams
derive gpt2 --show breakdown
\`\`\`
`,
  zh: `# 注意力

\`\`\`tparams
derive torch.nn.MultiheadAttention --set embed_dim=512 --set num_heads=8
\`\`\`

\`\`\`tparams
derive gpt2 --show breakdown
\`\`\`
`,
};

describe.skipIf(!browserPath)('a rendered note in Chromium', () => {
  let context: BrowserContext;

  beforeAll(async () => {
    context = await launchChromium({ width: 900, height: 1200 });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
  });

  it.each(['en', 'zh'] as const)(
    'typesets every block (%s), with no KaTeX error, in its fonts',
    async (lang) => {
      const { text } = await renderNote(notes[lang], `note.${lang}.md`, { format: 'html', lang });
      mkdirSync(outputDir, { recursive: true });
      const file = join(outputDir, `note.${lang}.html`);
      writeFileSync(file, text);
      const page = await context.newPage();
      await page.goto(`file://${file}`);
      const expected = (text.match(/class="katex"/g) ?? []).length;
      expect(expected).toBeGreaterThan(5);
      expect(await page.locator('.katex').count()).toBe(expected);
      expect(await page.locator('.katex-error').count()).toBe(0);
      const widths = await page
        .locator('.katex-html')
        .evaluateAll((nodes) => nodes.map((n) => n.getBoundingClientRect().width));
      expect(widths.every((w) => w > 0)).toBe(true);
      expect(
        await page.evaluate(async () => {
          await document.fonts.ready;
          return document.fonts.check('16px KaTeX_Main');
        }),
      ).toBe(true);
      // PyTorch's numel() of nn.MultiheadAttention(512, 8) (torch-nn.json): 1,050,624.
      expect(await page.locator('.tparams-block').first().textContent()).toContain('1,050,624');
      // The breakdown is a table that fits the page's column.
      const table = page.locator('.tparams-table').first();
      expect(await table.locator('tr').count()).toBeGreaterThan(8);
      await page.screenshot({ path: join(outputDir, `note.${lang}.png`), fullPage: true });
      await page.close();
    },
    60_000,
  );
});
