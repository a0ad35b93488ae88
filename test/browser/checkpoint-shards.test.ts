/// <reference lib="dom" />
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { writeShardedCheckpoint } from '../support/checkpoint-files.js';
import { browserPath } from '../support/chromium.js';
import { runCli } from '../support/cli.js';
import { loadJson } from '../support/fixtures.js';
import { type DropPage, errorOf, openDropPage, readsOf, totalOf } from '../support/drop-page.js';
import { tinyLlamaConfig, tinyLlamaTensors } from '../support/llama-checkpoint.js';
import { servedPage } from '../support/served-page.js';

/**
 * A sharded checkpoint dropped on the web page, in Debian's Chromium: every shard's header read
 * with File.slice, merged as the CLI merges a folder's, the index checked against the shards, and
 * the totals those of `tparams derive DIR` for the same folder and the published ones: Gemma 3 4B
 * 4,300,079,472 (test/fixtures/vision-language.json), Qwen3-Coder-Next 79,674,391,296 from its
 * 74,391 tensors (test/fixtures/qwen3-next.json, qwen3-coder-next-header.json).
 */
const outputDir = fileURLToPath(new URL('./output/', import.meta.url));
const gemma = loadJson<{ models: Array<{ config: object; total_params: number }> }>(
  'vision-language.json',
).models[0]!;
const gemmaHeader = loadJson<{ tensors: Record<string, number[]> }>('headers/gemma-3-4b-it.json');
const qwen = loadJson<{ config: object; total_params: number }>('qwen3-next.json');
const qwenHeader = loadJson<{ tensors: Record<string, number[]> }>('qwen3-coder-next-header.json');
const cliTotal = (dir: string, ...flags: string[]) => {
  const run = runCli(['derive', dir, '--format', 'json', ...flags]);
  expect(run.code, run.stderr).toBe(0);
  return BigInt((JSON.parse(run.stdout) as { total: string }).total);
};
/** The page's first view derives llama-2-7b: what the total shows while nothing else changed. */
const llama7b = 6_738_415_616;

describe.skipIf(!browserPath)('a sharded checkpoint dropped on the web page', () => {
  const served = servedPage();

  const subjectLine = (page: DropPage) => page.locator('#checkpoint-shown').textContent();

  it('Gemma 3 4B in two shards with its index, config.json after it: 4,300,079,472, the CLI total', async () => {
    const set = writeShardedCheckpoint(gemma.config, Object.entries(gemmaHeader.tensors), 2);
    expect(cliTotal(set.dir)).toBe(BigInt(gemma.total_params));
    const { page, errors } = await openDropPage(served.context, served.base);
    // The index before the config, the shards last: the config is config.json whatever the order.
    await page.locator('#checkpoint-file').setInputFiles([set.index, set.config, ...set.shards]);
    await totalOf(page, gemma.total_params);
    expect(await subjectLine(page)).toMatch(
      /^Showing the checkpoint model\.safetensors\.index\.json \(\d{3} tensors in the headers of its 2 shards\)/,
    );
    const { reads } = await readsOf(page);
    // The index, the config, and each shard's 8-byte length and header: never the 8.6 GB of data.
    expect(reads.filter((n) => n === 8)).toHaveLength(2);
    expect(reads).toHaveLength(6);
    expect(Math.max(...reads)).toBeLessThan(200_000);
    await page.screenshot({ path: join(outputDir, 'web-checkpoint-shards.png'), fullPage: false });
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('Qwen3-Coder-Next, 74,391 tensors in 4 shards, no index, a model_type no family reads: 79,674,391,296 from the headers', async () => {
    const config = { ...qwen.config, model_type: 'qwen9_next' };
    const set = writeShardedCheckpoint(config, Object.entries(qwenHeader.tensors), 4);
    const expected = cliTotal(set.dir);
    expect(expected).toBe(BigInt(qwen.total_params));
    const { page, errors } = await openDropPage(served.context, served.base);
    const started = Date.now();
    await page.locator('#checkpoint-file').setInputFiles([...set.shards, set.config]);
    await totalOf(page, expected, 60_000);
    const seconds = (Date.now() - started) / 1000;
    expect(await subjectLine(page)).toMatch(
      /^Showing the checkpoint model-\*-of-00004\.safetensors \(74,391 tensors in the headers of its 4 shards\)/,
    );
    expect(await page.locator('.subject').textContent()).toMatch(
      /read from its header \(no family reads model_type qwen9_next\): 74,391 tensors/,
    );
    const { reads, longTasks } = await readsOf(page);
    writeFileSync(
      join(outputDir, 'web-shards-qwen3-next.json'),
      JSON.stringify({ seconds, reads, longTasks }, null, 2),
    );
    await page.screenshot({ path: join(outputDir, 'web-checkpoint-shards-qwen3-next.png') });
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('refuses, one line in the error line, the total unchanged: a missing shard, a stray one, a tensor in two', async () => {
    const tensors = tinyLlamaTensors(2);
    const config = { ...tinyLlamaConfig(2), model_type: 'my_llama' };
    const { page } = await openDropPage(served.context, served.base);
    const refused = async (files: string[], expected: RegExp) => {
      await page.locator('#checkpoint-file').setInputFiles(files);
      await errorOf(page, expected);
      const lines = (await page.locator('#error').textContent())!.split('\n');
      expect(lines).toHaveLength(1);
      expect(await page.locator('#total').textContent()).toBe(llama7b.toLocaleString('en-US'));
    };
    const three = writeShardedCheckpoint(config, tensors, 3);
    await refused(
      [three.index, three.config, three.shards[0]!, three.shards[2]!],
      /^model\.safetensors\.index\.json names 1 shard not dropped: model-00002-of-00003\.safetensors; drop every shard with it$/,
    );
    await refused(
      [three.config, three.shards[0]!, three.shards[1]!],
      /^1 shard of the checkpoint missing: model-00003-of-00003\.safetensors; drop every shard/,
    );
    const other = writeShardedCheckpoint(config, tensors, 2);
    await refused(
      [three.index, three.config, ...three.shards, other.shards[0]!],
      /^model-00001-of-00002\.safetensors: not among the shards model\.safetensors\.index\.json names/,
    );
    // Two sets of the same tensors, no index: the first tensor is in both first shards.
    await refused(
      [three.config, ...three.shards, ...other.shards],
      /^tensor "model\.embed_tokens\.weight" is in two shards: model-00001-of-00002\.safetensors and model-00001-of-00003\.safetensors$/,
    );
    await refused(
      [three.index, three.config],
      /^model\.safetensors\.index\.json names 3 shards not dropped: /,
    );
    await page.close();
  }, 60_000);
});
