/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDocument } from '../../src/documents/render-document.js';
import { findPreset } from '../../src/models/presets.js';
import { deriveModel } from '../../src/requests/derive-model.js';
import { browserPath, launchChromium, type BrowserContext } from '../support/chromium.js';

/** Opens generated HTML in a real browser (test/support/chromium.ts). */
const outputDir = fileURLToPath(new URL('./output/', import.meta.url));

describe.skipIf(!browserPath)('the HTML document in Chromium', () => {
  let context: BrowserContext;

  beforeAll(async () => {
    context = await launchChromium({ width: 1000, height: 1300 });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
  });

  it.each(['en', 'zh'] as const)(
    'renders every formula of Llama-2-7B (%s), with no KaTeX error, and looks right',
    async (lang) => {
      const preset = findPreset('llama-2-7b')!;
      const report = deriveModel({
        config: preset.config,
        source: preset.repository,
        title: `llama-2-7b (${preset.repository})`,
      });
      const html = renderDocument(report, { format: 'html', lang });
      mkdirSync(outputDir, { recursive: true });
      const file = join(outputDir, `llama-2-7b.${lang}.html`);
      writeFileSync(file, html);

      const page = await context.newPage();
      await page.goto(`file://${file}`);
      const expected = (html.match(/class="katex"/g) ?? []).length;
      expect(expected).toBeGreaterThan(20);
      expect(await page.locator('.katex').count()).toBe(expected);
      expect(await page.locator('.katex-error').count()).toBe(0);
      // Typeset, not raw TeX: every formula has laid-out boxes with a real size.
      const sizes = await page
        .locator('.katex-html')
        .evaluateAll((nodes) => nodes.map((n) => n.getBoundingClientRect().width));
      expect(sizes.every((w) => w > 0)).toBe(true);
      // The inlined fonts were loaded, not fallbacks.
      expect(
        await page.evaluate(async () => {
          await document.fonts.ready;
          return document.fonts.check('16px KaTeX_Main');
        }),
      ).toBe(true);
      expect(await page.locator('#total').textContent()).toBe('6,738,415,616');
      expect(await page.locator('svg.tparams-chart rect').count()).toBeGreaterThan(4);
      await page.screenshot({ path: join(outputDir, `llama-2-7b.${lang}.png`), fullPage: true });
      await page.close();
    },
    60_000,
  );

  // The three of issue 7, then one model of each kind issue 8 added: two towers, an encoder-decoder
  // with a conv front end, shared layers.
  it.each([
    'deepseek-v3',
    't5-base',
    'bert-base-uncased',
    'clip-vit-base-patch32',
    'whisper-tiny',
    'albert-base-v2',
  ])(
    '%s fits a 1000 px window: nothing past the right edge, the chart text inside its figure',
    async (name) => {
      const preset = findPreset(name)!;
      const report = deriveModel({
        config: preset.config,
        source: preset.repository,
        title: `${name} (${preset.repository})`,
      });
      mkdirSync(outputDir, { recursive: true });
      const file = join(outputDir, `${name}.en.html`);
      writeFileSync(file, renderDocument(report, { format: 'html', lang: 'en' }));

      const page = await context.newPage();
      await page.goto(`file://${file}`);
      const layout = await page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        // Inside a scrolling box (a wide formula cell) content may extend; the box itself may not.
        const scrolls = (el: Element) => {
          for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
            if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return true;
          }
          return false;
        };
        const past = [...document.querySelectorAll('body *')]
          .filter((el) => !scrolls(el) && el.getBoundingClientRect().right > width + 0.5)
          .map((el) => el.tagName);
        const chart = document.querySelector('svg.tparams-chart')!.getBoundingClientRect();
        const outside = [...document.querySelectorAll('svg.tparams-chart text')]
          .filter(
            (t) =>
              t.getBoundingClientRect().left < chart.left - 0.5 ||
              t.getBoundingClientRect().right > chart.right + 0.5,
          )
          .map((t) => t.textContent);
        const scrolledDerivations = [
          ...document.querySelectorAll('.derivation .katex-display'),
        ].filter((d) => d.scrollWidth > d.clientWidth + 1).length;
        return {
          width,
          scrollWidth: document.documentElement.scrollWidth,
          past,
          outside,
          scrolledDerivations,
        };
      });
      expect(layout.scrollWidth).toBeLessThanOrEqual(layout.width);
      expect(layout.past).toEqual([]);
      expect(layout.outside).toEqual([]);
      // Derivations are broken into lines that fit: none needs its scroll bar.
      expect(layout.scrolledDerivations).toBe(0);
      expect(await page.locator('.katex-error').count()).toBe(0);
      await page.screenshot({ path: join(outputDir, `${name}.en.png`), fullPage: true });
      await page.close();
    },
    60_000,
  );
});
