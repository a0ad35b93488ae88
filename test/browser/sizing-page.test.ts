/// <reference lib="dom" />
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { webDir } from '../../src/cli/serve.js';
import { browserPath } from '../support/chromium.js';
import { runCli } from '../support/cli.js';
import { loadJson } from '../support/fixtures.js';
import { servedPage } from '../support/served-page.js';

/**
 * The page's sizing knobs in Debian's Chromium: a GPU from the table, the cache's type, LoRA's rank
 * and targets, all in the link. The decode bound is the one `tparams speed` prints for the same
 * sizes (its JSON), the LoRA count PEFT's published printout (test/fixtures/published-lora.json).
 */
const outputDir = fileURLToPath(new URL('./output/', import.meta.url));
const built = existsSync(join(webDir, 'index.html'));
if (!built && browserPath)
  throw new Error(`no built web page in ${webDir}: run npm run build (npm test does) first`);

const llamaLora = loadJson<{ cases: Array<{ trainable: number }> }>('published-lora.json')
  .cases[0]!;
const grouped = (n: number) => n.toLocaleString('en-US');
/** `tparams speed`'s decode bound, to the four significant digits the page writes. */
const decodeBound = (context: string) => {
  const args = ['speed', 'llama-2-7b', '--gpu', 'rtx-4090', '--format', 'json'];
  const json = JSON.parse(runCli(context ? [...args, '--context', context] : args).stdout);
  return `at most ${json.decode_tokens_per_second.toPrecision(4)} tokens/s, ${json.decode_bound}-bound`;
};

describe.skipIf(!browserPath)('the sizing knobs of the web page in Chromium', () => {
  const served = servedPage();

  const open = async (query: string) => {
    const page = await served.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${served.base}${query}`, { waitUntil: 'domcontentloaded', timeout: 15_000 });
    await expect
      .poll(() => page.locator('#total').textContent(), { timeout: 10_000 })
      .toBe('6,738,415,616');
    return { page, errors };
  };
  const strong = (page: Awaited<ReturnType<typeof open>>['page'], key: string) =>
    page.locator(`#figure-${key} strong`).textContent();

  it('picking a GPU shows the decode bound tparams speed gives for Llama-2-7B on an RTX 4090', async () => {
    const { page, errors } = await open('?model=llama-2-7b&context=512');
    expect(await page.locator('#figure-decode').count()).toBe(0);
    await page.locator('#gpu').selectOption('RTX 4090');
    // At 512 tokens, tparams speed's default context (llama-bench's -p 512).
    await expect.poll(() => strong(page, 'decode')).toBe(decodeBound(''));
    expect(await page.locator('#serving').textContent()).toBe('Serving on 1 × RTX 4090');
    expect(await page.locator('#figure-fits td').first().textContent()).toMatch(/^yes, /);
    // The bound's chain has the copy menu every derivation has.
    await page.locator('#figure-decode .copy summary').click();
    expect(await page.locator('#figure-decode [data-copy]').count()).toBeGreaterThan(2);
    // At the model's own context, the document's default.
    await page.locator('#context').fill('');
    await expect.poll(() => strong(page, 'decode')).toBe(decodeBound('4096'));
    expect(new URL(page.url()).search).toBe('?model=llama-2-7b&gpu=RTX+4090');
    expect(await page.locator('.katex-error').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.screenshot({ path: join(outputDir, 'web-sizing.png'), fullPage: true });
    await page.close();
  }, 60_000);

  it("the engine knob: vLLM's whole blocks in the cache figure, named in its caption", async () => {
    const { page } = await open('?model=llama-2-7b&context=1000');
    // Llama-2-7B: 524,288 bytes a token (NVIDIA's 2 GB for 4,096 tokens, published-kv-cache.json);
    // vLLM keeps whole blocks of 16: 1,000 tokens take 63 of them.
    const kv = (tokens: number) => `${grouped(tokens * 524288)} bytes`;
    expect(await strong(page, 'kvContext')).toMatch(new RegExp(`^${kv(1000)}`));
    await page.locator('#engine').selectOption('vllm');
    await expect.poll(() => strong(page, 'kvContext')).toMatch(new RegExp(`^${kv(63 * 16)}`));
    expect(await page.locator('#figure-kvContext').textContent()).toContain('allocated as vLLM');
    expect(new URL(page.url()).search).toBe('?model=llama-2-7b&context=1000&engine=vllm');
    await page.close();
  }, 60_000);

  it("a LoRA rank updates the trainable count: PEFT's 4,194,304 at r = 8, twice it at 16", async () => {
    const { page } = await open('?model=llama-2-7b');
    expect(await strong(page, 'lora')).toBe(`${grouped(llamaLora.trainable)} parameters`);
    await page.locator('#lora-rank').fill('16');
    await expect
      .poll(() => strong(page, 'lora'))
      .toBe(`${grouped(2 * llamaLora.trainable)} parameters`);
    expect(await page.locator('#figure-lora h3').textContent()).toBe(
      'LoRA at r = 16: trainable parameters',
    );
    // A target the model lacks is one line naming it, as the CLI's.
    await page.locator('#target-modules').fill('qproj');
    await expect
      .poll(() => page.locator('#error').textContent(), { timeout: 10_000 })
      .toMatch(/^--target-modules qproj: matches no module of LlamaForCausalLM/);
    await page.close();
  }, 60_000);

  it('the URL round-trips every knob, and bad values are listed as problems', async () => {
    const query =
      '?model=llama-2-7b&lang=zh&gpu=H100+SXM&gpus=2&kv-dtype=fp8&lora-rank=16&target-modules=q_proj%2Cv_proj';
    const { page } = await open(query);
    expect(new URL(page.url()).search).toBe(query);
    expect(await page.locator('#gpu').inputValue()).toBe('H100 SXM');
    expect(await page.locator('#gpus').inputValue()).toBe('2');
    expect(await page.locator('#kv-dtype').inputValue()).toBe('fp8');
    expect(await page.locator('#lora-rank').inputValue()).toBe('16');
    expect(await page.locator('#serving').textContent()).toBe('在 2 × H100 SXM 上推理');
    expect(await page.locator('#figure-kvPerToken').textContent()).toContain('fp8');
    await page.screenshot({ path: join(outputDir, 'web-sizing-zh.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    const layout = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      width: document.documentElement.clientWidth,
    }));
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.width);
    await page.locator('#serving').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(outputDir, 'web-sizing-phone.png') });
    await page.close();
    const bad = await open('?model=llama-2-7b&gpu=rtx-9090&gpus=0&kv-dtype=q9&lora-rank=x');
    await expect
      .poll(() => bad.page.locator('#error').textContent(), { timeout: 10_000 })
      .toMatch(/gpu=rtx-9090: not a GPU in the table.*gpus=0.*kv-dtype=q9.*lora-rank=x/);
    await bad.page.close();
  }, 60_000);

  it('the first view stays under the budget with the GPU table and LoRA in it', async () => {
    const page = await served.context.newPage();
    const scripts = new Set<string>();
    page.on('response', (r) => r.url().endsWith('.js') && scripts.add(new URL(r.url()).pathname));
    await page.goto(`${served.base}?model=llama-2-7b`, { waitUntil: 'domcontentloaded' });
    await expect.poll(() => page.locator('#figure-lora').count(), { timeout: 10_000 }).toBe(1);
    const files = [...scripts].filter((p) => !p.endsWith('/sw.js'));
    const gzip = files.reduce((sum, p) => sum + gzipSync(readFileSync(join(webDir, p))).length, 0);
    writeFileSync(join(outputDir, 'web-sizing-first-view.json'), JSON.stringify({ files, gzip }));
    expect(gzip).toBeLessThan(400 * 1024);
    await page.close();
  }, 60_000);
});
