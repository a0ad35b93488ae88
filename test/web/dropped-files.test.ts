import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkpointSubject } from '../../src/web/checkpoint-source.js';
import { readDropped } from '../../src/web/dropped-files.js';
import { defaultState } from '../../src/web/state.js';
import { writeShardedCheckpoint } from '../support/checkpoint-files.js';
import { writeGguf } from '../support/gguf.js';
import { tinyLlamaConfig, tinyLlamaTensors, tinyLlamaTotal } from '../support/llama-checkpoint.js';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

/**
 * The files the page is given, sorted and read in Node (its File is the browser's): which is the
 * checkpoint, which the config (never the index), which are never read; the browser tests
 * (test/browser/checkpoint-shards, gguf-drop) drop the same kinds of set on the page.
 */
const read: string[] = [];
/** A File that records each read of its bytes, by name. */
class RecordingFile extends File {
  override slice(start?: number, end?: number, type?: string): Blob {
    read.push(this.name);
    return super.slice(start, end, type);
  }
  override text(): Promise<string> {
    read.push(this.name);
    return super.text();
  }
}
const fileOf = (path: string) => new RecordingFile([readFileSync(path)], path.split('/').at(-1)!);
const keep = (text: string) => JSON.stringify(JSON.parse(text));

const config = { ...tinyLlamaConfig(2), model_type: 'my_llama' };
const set = writeShardedCheckpoint(config, tinyLlamaTensors(2), 3);

describe('the files dropped together', () => {
  it('shards, index and config in any order: config.json is the config, the index orders the shards', async () => {
    const orders = [
      [set.index, set.config, ...set.shards],
      [...set.shards].reverse().concat(set.config, set.index),
    ];
    for (const order of orders) {
      const dropped = (await readDropped(order.map(fileOf), keep))!;
      expect(dropped.name).toBe('model.safetensors.index.json');
      expect(dropped.config).toEqual({ name: 'config.json', text: JSON.stringify(config) });
      expect(dropped.files).toEqual(set.shards.map((p) => p.split('/').at(-1)));
      expect([...dropped.tensors.keys()]).toEqual(tinyLlamaTensors(2).map(([n]) => n));
      const { report } = checkpointSubject(
        { ...defaultState, config: dropped.config!.text },
        dropped,
      );
      expect(report.total).toBe(BigInt(tinyLlamaTotal(2)));
    }
  });

  it('a tokenizer or generation config beside config.json is never read', async () => {
    read.length = 0;
    const other = (name: string) => new RecordingFile(['{"not": "read"}'], name);
    const files = [
      other('tokenizer.json'),
      other('generation_config.json'),
      ...[set.config, ...set.shards].map(fileOf),
    ];
    const dropped = (await readDropped(files, keep))!;
    expect(dropped.name).toBe('model-*-of-00003.safetensors');
    expect(read).not.toContain('tokenizer.json');
    expect(read).not.toContain('generation_config.json');
  });

  it('a shard the index names but that was not dropped: refused before any header is read', async () => {
    read.length = 0;
    await expect(
      readDropped([set.index, set.config, set.shards[0]!].map(fileOf), keep),
    ).rejects.toThrow(
      /^model\.safetensors\.index\.json names 2 shards not dropped: model-00002-of-00003\.safetensors and model-00003-of-00003\.safetensors; drop every shard with it$/,
    );
    expect(read.filter((n) => n.endsWith('.safetensors'))).toEqual([]);
  });

  it('a GGUF file: its metadata is the config, rebuilt for llama, its sizes for another architecture', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dropped-gguf-'));
    const tensors = [
      { name: 'token_embd.weight', shape: [8, 16], type: 0 },
      { name: 'output_norm.weight', shape: [8], type: 0 },
    ];
    const meta = (arch: string) => ({
      'general.architecture': arch,
      [`${arch}.block_count`]: 1,
      [`${arch}.embedding_length`]: 8,
      [`${arch}.feed_forward_length`]: 16,
      [`${arch}.attention.head_count`]: 2,
      'tokenizer.ggml.tokens': Array.from({ length: 16 }, (_, i) => `t${i}`),
    });
    writeGguf(join(dir, 'other.gguf'), meta('mystery'), tensors);
    const other = (await readDropped([fileOf(join(dir, 'other.gguf'))], keep))!;
    expect(other.metadataOnly).toBe(true);
    expect(other.config!.name).toBe('other.gguf (GGUF metadata)');
    expect(JSON.parse(other.config!.text)).toMatchObject({ model_type: 'mystery', hidden_size: 8 });
    const { report } = checkpointSubject({ ...defaultState, config: other.config!.text }, other);
    expect(report.total).toBe(8n * 16n + 8n); // the header's sum: the two tensors' elements
    expect(report.model?.fromHeader?.why).toBe('gguf');
    // A config dropped with it is its config, as `--config` is.
    const withConfig = (await readDropped(
      [fileOf(join(dir, 'other.gguf')), new File([JSON.stringify(config)], 'config.json')],
      keep,
    ))!;
    expect(withConfig.metadataOnly).toBeUndefined();
    expect(withConfig.config!.name).toBe('config.json');
  });

  it('two GGUF files, or a GGUF file with shards: one line each', async () => {
    const a = new File(['GGUF'], 'a.gguf');
    const b = new File(['GGUF'], 'b.gguf');
    await expect(readDropped([a, b], keep)).rejects.toThrow(
      /^a\.gguf and b\.gguf: drop one \.gguf file at a time$/,
    );
    await expect(readDropped([a, fileOf(set.shards[0]!)], keep)).rejects.toThrow(
      /^a\.gguf and model-00001-of-00003\.safetensors: drop a \.gguf file or a safetensors checkpoint, not both$/,
    );
    expect(await readDropped([fileOf(set.config)], keep)).toBeUndefined();
  });
});
