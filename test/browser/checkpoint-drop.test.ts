/// <reference lib="dom" />
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { browserPath } from '../support/chromium.js';
import { runCli } from '../support/cli.js';
import {
  type DropPage,
  errorOf,
  openDropPage,
  totalOf as pageTotal,
  readsOf,
} from '../support/drop-page.js';
import { loadJson } from '../support/fixtures.js';
import {
  tinyLlamaConfig,
  tinyLlamaTensors,
  writeSparseSafetensors,
} from '../support/llama-checkpoint.js';
import { servedPage } from '../support/served-page.js';

/**
 * A checkpoint dropped on the web page, in Debian's Chromium: the page reads the header with
 * File.slice (the 8-byte length, then the header) and never the weights, and counts what
 * `tparams derive DIR --format json` counts for the same folder. The Gemma 3 total is
 * published (test/fixtures/vision-language.json: 4,300,079,472); its sparse file holds 8.6 GB
 * of data that the page must not read.
 */
const outputDir = fileURLToPath(new URL('./output/', import.meta.url));
const gemma = loadJson<{ models: Array<{ config: object; total_params: number }> }>(
  'vision-language.json',
).models[0]!;
const gemmaHeader = loadJson<{ tensors: Record<string, number[]> }>('headers/gemma-3-4b-it.json');

/** A folder with a config.json and a model.safetensors (data sparse), as a checkpoint is saved. */
function checkpointDir(config: object, tensors: Array<[string, number[]]>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tparams-drop-'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  writeSparseSafetensors(join(dir, 'model.safetensors'), tensors);
  return dir;
}
const cliTotal = (dir: string, ...flags: string[]) => {
  const run = runCli(['derive', dir, '--format', 'json', ...flags]);
  expect(run.code, run.stderr).toBe(0);
  return BigInt((JSON.parse(run.stdout) as { total: string }).total);
};

describe.skipIf(!browserPath)('a checkpoint dropped on the web page', () => {
  const served = servedPage();

  const open = () => openDropPage(served.context, served.base);
  const totalOf = (page: DropPage, expected: bigint) => pageTotal(page, expected);

  it('a tiny Llama under an unknown model_type: read from its header, the CLI total, never the data', async () => {
    const config = { ...tinyLlamaConfig(3), model_type: 'my_llama' };
    config.architectures = ['MyLlamaForCausalLM'];
    const dir = checkpointDir(config, tinyLlamaTensors(3));
    const expected = cliTotal(dir);
    const { page, errors } = await open();
    await page
      .locator('#checkpoint-file')
      .setInputFiles([join(dir, 'model.safetensors'), join(dir, 'config.json')]);
    await totalOf(page, expected);
    expect(await page.locator('.subject').textContent()).toMatch(
      /Checkpoint: model\.safetensors, read from its header \(no family reads model_type my_llama\): 30 tensors/,
    );
    expect(await page.locator('#from-header').count()).toBe(0);
    expect(await page.locator('#link-note').textContent()).toMatch(/the link leaves it out/);
    // The link carries the config only: opened again, the page shows no checkpoint.
    expect(new URL(page.url()).searchParams.get('config')).toBeTruthy();
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('Gemma 3 4B, 8.6 GB of sparse data: by its family, or from the header, 4,300,079,472 both', async () => {
    const dir = checkpointDir(gemma.config, Object.entries(gemmaHeader.tensors));
    const file = join(dir, 'model.safetensors');
    const size = statSync(file).size;
    expect(size).toBeGreaterThan(8e9);
    expect(cliTotal(dir)).toBe(BigInt(gemma.total_params));
    expect(cliTotal(dir, '--from-checkpoint')).toBe(BigInt(gemma.total_params));
    const { page, errors } = await open();
    await page.locator('#checkpoint-file').setInputFiles([file, join(dir, 'config.json')]);
    await totalOf(page, BigInt(gemma.total_params));
    expect(await page.locator('.subject').textContent()).not.toMatch(/read from its header/);
    await page.locator('#from-header').check();
    await expect
      .poll(() => page.locator('.subject').textContent(), { timeout: 20_000 })
      .toMatch(/read from its header \(as --from-checkpoint asks\)/);
    await totalOf(page, BigInt(gemma.total_params));
    expect(await page.locator('#knobs').isHidden()).toBe(true); // its sizes are the shapes
    const { reads, longTasks } = await readsOf(page);
    // The 8-byte length, the header (under 200 kB), the config: nothing near the data.
    expect(reads.length).toBeLessThanOrEqual(3);
    expect(reads[0]).toBe(8);
    expect(Math.max(...reads)).toBeLessThan(200_000);
    // Responsive: no task held the page for a second.
    expect(Math.max(0, ...longTasks)).toBeLessThan(1000);
    await page.screenshot({ path: join(outputDir, 'web-checkpoint-gemma3.png') });
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('refuses, one line each in the error line: not safetensors, a contradicting header, a zero dimension, no config', async () => {
    const { page } = await open();
    const drop = (name: string, buffer: Buffer, config?: object) =>
      page.locator('#checkpoint-file').setInputFiles([
        { name, mimeType: 'application/octet-stream', buffer },
        ...(config
          ? [
              {
                name: 'config.json',
                mimeType: 'application/json',
                buffer: Buffer.from(JSON.stringify(config)),
              },
            ]
          : []),
      ]);
    /** A safetensors file's bytes: the 8-byte length and the header JSON, then `data` bytes. */
    const safetensors = (header: object, data: number) => {
      const json = Buffer.from(JSON.stringify(header));
      const length = Buffer.alloc(8);
      length.writeBigUInt64LE(BigInt(json.length));
      return Buffer.concat([length, json, Buffer.alloc(data)]);
    };
    // (an unknown model_type: a family would count a llama config without reading the shapes)
    const config = { ...tinyLlamaConfig(1), model_type: 'my_llama' };
    await drop('model.safetensors', Buffer.from('PK\x03\x04 not a checkpoint at all'), config);
    await errorOf(
      page,
      /^model\.safetensors is not a safetensors file: header length \d+ does not fit the file/,
    );
    const overlap = {
      a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
      b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] },
    };
    await drop('overlap.safetensors', safetensors(overlap, 12), config);
    await errorOf(
      page,
      /^overlap\.safetensors is not a safetensors file: tensors "a" \[0, 8\] and "b" \[4, 12\] share bytes$/,
    );
    const zero = { 'w.weight': { dtype: 'F32', shape: [0, 4], data_offsets: [0, 0] } };
    await drop('zero.safetensors', safetensors(zero, 0), config);
    await errorOf(page, /^zero\.safetensors: tensor "w\.weight" has a dimension of 0/);
    const fine = { 'w.weight': { dtype: 'F32', shape: [2, 4], data_offsets: [0, 32] } };
    await drop('alone.safetensors', safetensors(fine, 32));
    await errorOf(
      page,
      /^alone\.safetensors: a header gives shapes, not what they mean: drop its config\.json/,
    );
    for (const text of await page.locator('#error').allTextContents())
      expect(text.split('\n')).toHaveLength(1);
    await page.close();
  }, 60_000);
});
