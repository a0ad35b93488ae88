import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliAsync } from '../support/cli.js';
import { writeSafetensors } from '../support/safetensors.js';

// A Hub-shaped server with real safetensors files: one repository in one file, one sharded, one
// behind a server that ignores Range headers. Each request is logged so the test can see that only
// headers were asked for.
const config = {
  architectures: ['LlamaForCausalLM'],
  model_type: 'llama',
  hidden_size: 64,
  intermediate_size: 176,
  num_hidden_layers: 2,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  vocab_size: 100,
  tie_word_embeddings: false,
};
const tensors: Record<string, { shape: number[] }> = {
  'model.embed_tokens.weight': { shape: [100, 64] },
  'model.norm.weight': { shape: [64] },
  'lm_head.weight': { shape: [100, 64] },
};
for (let i = 0; i < 2; i++) {
  const l = `model.layers.${i}`;
  Object.assign(tensors, {
    [`${l}.self_attn.q_proj.weight`]: { shape: [64, 64] },
    [`${l}.self_attn.k_proj.weight`]: { shape: [32, 64] },
    [`${l}.self_attn.v_proj.weight`]: { shape: [32, 64] },
    [`${l}.self_attn.o_proj.weight`]: { shape: [64, 64] },
    [`${l}.mlp.gate_proj.weight`]: { shape: [176, 64] },
    [`${l}.mlp.up_proj.weight`]: { shape: [176, 64] },
    [`${l}.mlp.down_proj.weight`]: { shape: [64, 176] },
    [`${l}.input_layernorm.weight`]: { shape: [64] },
    [`${l}.post_attention_layernorm.weight`]: { shape: [64] },
  });
}
const files: Record<string, Buffer> = {};
const requests: Array<{ url: string; range?: string }> = [];
let server: Server;
let endpoint: string;

function bytesOf(shards: Record<string, Record<string, { shape: number[] }>>) {
  const dir = mkdtempSync(join(tmpdir(), 'remote-'));
  return Object.fromEntries(
    Object.entries(shards).map(([name, t]) => {
      writeSafetensors(join(dir, name), t);
      return [name, readFileSync(join(dir, name))];
    }),
  );
}

function handle(req: IncomingMessage, res: ServerResponse) {
  const url = req.url ?? '';
  requests.push({ url, ...(req.headers.range ? { range: req.headers.range } : {}) });
  const match = /^\/test-org\/([\w-]+)\/resolve\/main\/(.+)$/.exec(url);
  const body = match ? files[`${match[1]}/${match[2]}`] : undefined;
  if (!body) {
    res.writeHead(404, { 'x-error-code': match ? 'EntryNotFound' : 'RepoNotFound' });
    return res.end();
  }
  const headers = {
    'x-repo-commit': 'b'.repeat(40),
    etag: `"${match![1]}-${match![2]!.replace(/\W/g, '')}"`,
  };
  const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
  if (range && match![1] !== 'no-ranges') {
    const [start, end] = [Number(range[1]), Math.min(Number(range[2]), body.length - 1)];
    res.writeHead(206, {
      ...headers,
      'content-range': `bytes ${start}-${end}/${body.length}`,
      'content-length': end - start + 1,
    });
    return res.end(body.subarray(start, end + 1));
  }
  res.writeHead(200, { ...headers, 'content-length': body.length });
  res.end(body);
}

beforeAll(async () => {
  const names = Object.keys(tensors);
  const half = (i: number) =>
    i < 10 ? 'model-00001-of-00002.safetensors' : 'model-00002-of-00002.safetensors';
  const single = bytesOf({ 'model.safetensors': tensors });
  const sharded = bytesOf({
    'model-00001-of-00002.safetensors': Object.fromEntries(
      names.slice(0, 10).map((n) => [n, tensors[n]!]),
    ),
    'model-00002-of-00002.safetensors': Object.fromEntries(
      names.slice(10).map((n) => [n, tensors[n]!]),
    ),
  });
  for (const repo of ['single', 'no-ranges']) {
    files[`${repo}/config.json`] = Buffer.from(JSON.stringify(config));
    files[`${repo}/model.safetensors`] = single['model.safetensors']!;
  }
  files['sharded/config.json'] = Buffer.from(JSON.stringify(config));
  files['sharded/model.safetensors.index.json'] = Buffer.from(
    JSON.stringify({
      metadata: {},
      weight_map: Object.fromEntries(names.map((n, i) => [n, half(i)])),
    }),
  );
  for (const [name, bytes] of Object.entries(sharded)) files[`sharded/${name}`] = bytes;
  files['no-weights/config.json'] = Buffer.from(JSON.stringify(config));
  // The same shards under a model_type no family reads: derived from the headers.
  for (const [name, bytes] of Object.entries(files))
    if (name.startsWith('sharded/')) files[name.replace('sharded/', 'unknown-type/')] = bytes;
  files['unknown-type/config.json'] = Buffer.from(
    JSON.stringify({ ...config, model_type: 'llama_like_x' }),
  );
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const run = (args: string[]) =>
  runCliAsync(args, {
    env: {
      HF_ENDPOINT: endpoint,
      HF_HOME: mkdtempSync(join(tmpdir(), 'hf-')),
      HF_TOKEN: '',
      HF_HUB_OFFLINE: '',
    },
  });

describe('tparams verify ORG/NAME: headers over HTTP range requests', () => {
  it('one file: reads the 8-byte length, then the header, never the weights', async () => {
    requests.length = 0;
    const result = await run(['verify', 'test-org/single', '--format', 'json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ match: true, names_compared: true });
    const reads = requests.filter((r) => r.url.endsWith('model.safetensors'));
    expect(reads.map((r) => r.range)).toEqual([
      'bytes=0-7',
      expect.stringMatching(/^bytes=8-\d+$/),
    ]);
  });

  it("sharded: the index, then each shard's header", async () => {
    const result = await run(['verify', 'test-org/sharded']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('2 safetensors files');
  });

  it('a server that ignores ranges still works for a small file', async () => {
    const result = await run(['verify', 'test-org/no-ranges']);
    expect(result.code, result.stderr).toBe(0);
  });

  it('a repository without safetensors, or no such repository: one line, exit 2', async () => {
    for (const id of ['test-org/no-weights', 'test-org/nothing']) {
      const result = await run(['verify', id]);
      expect(result.code, id).toBe(2);
      expect(result.stderr.trim().split('\n'), result.stderr).toHaveLength(1);
    }
  });
});

describe("tparams derive ORG/NAME from its shards' headers", () => {
  // The header's own sum: every tensor's elements (and the llama family's count for the same shapes).
  const elements = Object.values(tensors).reduce(
    (n, t) => n + t.shape.reduce((a, b) => a * b, 1),
    0,
  );

  it('a model_type no family reads is derived from the headers, by range requests only', async () => {
    requests.length = 0;
    const result = await run(['derive', 'test-org/unknown-type', '--format', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ source: 'checkpoint', total: String(elements) });
    expect(json.checkpoint).toMatchObject({ tensors: 21, why: 'unknown' });
    const shardReads = requests.filter((r) => /model-0000\d-of-00002/.test(r.url));
    expect(shardReads.every((r) => r.range !== undefined)).toBe(true);
    expect(shardReads).toHaveLength(4);
  });

  it("--from-checkpoint reads a known family's checkpoint from its headers, to the same total", async () => {
    const family = JSON.parse(
      (await run(['derive', 'test-org/sharded', '--format', 'json'])).stdout,
    );
    const result = await run([
      'derive',
      'test-org/sharded',
      '--from-checkpoint',
      '--format',
      'json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.source).toBe('checkpoint');
    expect(json.total).toBe(family.total);
    expect(json.total).toBe(String(elements));
  });
});
