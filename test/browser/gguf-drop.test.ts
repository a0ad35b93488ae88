/// <reference lib="dom" />
import { closeSync, mkdtempSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { writeGlm4Gguf, writeLlama2Gguf } from '../support/checkpoint-files.js';
import { browserPath } from '../support/chromium.js';
import { runCli } from '../support/cli.js';
import { errorOf, openDropPage, readsOf, totalOf } from '../support/drop-page.js';
import { servedPage } from '../support/served-page.js';

/**
 * A GGUF file dropped on the web page, in Debian's Chromium: its metadata and tensor infos read
 * through the reader the CLI uses (src/checkpoint/gguf-reader.ts, in a worker loaded only then),
 * from the File by `slice`, never its weights. GLM-4-9B (architecture glm4, 18.8 GB sparse) is derived
 * from its header with its metadata's sizes: llama.cpp's n_params 9,400,279,040
 * (test/fixtures/glm4.json); Llama-2-7B in Q4_K is rebuilt as a llama config: 6,738,415,616
 * (test/fixtures/hf-models.json). Both are also `tparams derive FILE.gguf`'s totals.
 */
const outputDir = fileURLToPath(new URL('./output/', import.meta.url));
const glm = writeGlm4Gguf();
const llama = writeLlama2Gguf();
const cliTotal = (path: string, ...flags: string[]) => {
  const run = runCli(['derive', path, '--format', 'json', ...flags]);
  expect(run.code, run.stderr).toBe(0);
  return BigInt((JSON.parse(run.stdout) as { total: string }).total);
};
const llama7b = 6_738_415_616;

describe.skipIf(!browserPath)('a GGUF file dropped on the web page', () => {
  const served = servedPage();

  it('GLM-4-9B in BF16, an architecture no family rebuilds: 9,400,279,040 from its header, the library loaded only now', async () => {
    expect(cliTotal(glm.path)).toBe(BigInt(glm.totalParams));
    const { page, errors } = await openDropPage(served.context, served.base);
    const scripts: string[] = [];
    page.on('request', (r) => r.url().endsWith('.js') && scripts.push(new URL(r.url()).pathname));
    await page.reload();
    await totalOf(page, llama7b);
    // The first view fetched no GGUF code.
    expect(scripts.filter((s) => /gguf/i.test(s))).toEqual([]);
    await page.evaluate(() => {
      (window as unknown as { reads: number[] }).reads = [];
    });
    const started = Date.now();
    await page.locator('#checkpoint-file').setInputFiles([glm.path]);
    await totalOf(page, glm.totalParams, 30_000);
    const seconds = (Date.now() - started) / 1000;
    expect(scripts.some((s) => /\/gguf-worker\.js$/.test(s))).toBe(true);
    expect(await page.locator('.subject').textContent()).toMatch(
      /read from its header \(a GGUF file of architecture glm4, its sizes from the metadata\): 523 tensors/,
    );
    expect(await page.locator('#checkpoint-shown').textContent()).toMatch(
      /^Showing the checkpoint GLM-4-9B-0414-BF16\.gguf \(523 tensors in its header\)/,
    );
    // Read from the header whatever family glm4 has: no box to ask for it.
    expect(await page.locator('#from-header').count()).toBe(0);
    // Its sizes are no config: the link leaves them out and says so.
    expect(new URL(page.url()).searchParams.get('config')).toBeNull();
    expect(await page.locator('#link-note').textContent()).toMatch(/A dropped GGUF file stays/);
    const { reads, longTasks } = await readsOf(page);
    writeFileSync(
      join(outputDir, 'web-gguf-glm4.json'),
      JSON.stringify({ seconds, reads, longTasks, scripts }, null, 2),
    );
    // Read in the worker, by the reader test/checkpoint/gguf-reader.test.ts holds to the header's
    // bytes (4 MB of the 18.8 GB): the page's own thread read nothing, and stayed responsive
    // while the library parsed 151,552 tokens.
    expect(statSync(glm.path).size).toBeGreaterThan(18e9);
    expect(reads).toEqual([]);
    expect(Math.max(0, ...longTasks)).toBeLessThan(1000);
    await page.screenshot({ path: join(outputDir, 'web-gguf-glm4.png') });
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('Llama-2-7B in Q4_K: rebuilt as a llama config, by its family or from the header, 6,738,415,616', async () => {
    expect(cliTotal(llama.path)).toBe(BigInt(llama.totalParams));
    expect(cliTotal(llama.path, '--from-checkpoint')).toBe(BigInt(llama.totalParams));
    const { page, errors } = await openDropPage(served.context, served.base);
    await page.locator('#checkpoint-file').setInputFiles([llama.path]);
    // (the first view is Llama-2-7B too: the line under the fields says the file was read)
    await expect
      .poll(() => page.locator('#checkpoint-shown').textContent(), { timeout: 20_000 })
      .toMatch(/^Showing the checkpoint llama-2-7b\.Q4_K\.gguf \(291 tensors in its header\)/);
    await totalOf(page, llama.totalParams);
    // Its fields are the rebuilt config's, to edit as a dropped config.json's.
    expect(await page.locator('#knob-layers').inputValue()).toBe('32');
    expect(await page.locator('.subject').textContent()).not.toMatch(/read from its header/);
    // The rebuilt config carries in the link, as a dropped config.json does.
    const config = new URL(page.url()).searchParams.get('config');
    expect(config).toBeTruthy();
    await page.locator('#from-header').check();
    await expect
      .poll(() => page.locator('.subject').textContent(), { timeout: 20_000 })
      .toMatch(/read from its header \(as --from-checkpoint asks\)/);
    await totalOf(page, llama.totalParams);
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('refuses, one line in the error line, nothing else changed: cut short, not GGUF, GGUF with shards', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gguf-bad-'));
    // The first 100 kB of a 3.8 GB file whose header (32,000 tokens) is longer.
    const head = Buffer.alloc(100_000);
    const fd = openSync(writeLlama2Gguf(dir).path, 'r');
    readSync(fd, head, 0, head.length, 0);
    closeSync(fd);
    const cut = join(dir, 'cut.gguf');
    writeFileSync(cut, head);
    const fake = join(dir, 'fake.gguf');
    writeFileSync(fake, 'PK\x03\x04 a zip, not a GGUF file');
    const shard = join(dir, 'model.safetensors');
    writeFileSync(shard, Buffer.alloc(16));
    const { page, errors } = await openDropPage(served.context, served.base);
    const refused = async (files: string[], expected: RegExp) => {
      await page.locator('#checkpoint-file').setInputFiles(files);
      await errorOf(page, expected);
      expect((await page.locator('#error').textContent())!.split('\n')).toHaveLength(1);
      expect(await page.locator('#total').textContent()).toBe(llama7b.toLocaleString('en-US'));
      expect(await page.locator('#checkpoint-shown').count()).toBe(0);
    };
    await refused([cut], /^cut\.gguf is a truncated GGUF file: its header needs/);
    await refused([fake], /^fake\.gguf is not a GGUF file: /);
    await refused(
      [fake, shard],
      /^fake\.gguf and model\.safetensors: drop a \.gguf file or a safetensors checkpoint, not both$/,
    );
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
