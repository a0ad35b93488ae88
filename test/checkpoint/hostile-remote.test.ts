import { expectUserErrorLine } from '../support/cli.js';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBounded } from '../../src/http/bounded-body.js';
import {
  tinyLlamaConfig,
  tinyLlamaNames,
  tinyLlamaTotal,
  writeTinyLlama,
} from '../support/llama-checkpoint.js';

/**
 * Issue 16's hostile checkpoints, remote side: a Hub-shaped server on 127.0.0.1 that serves shard
 * names leaving the repository, answers that run on past their range or their bound, and headers
 * that boast. The server logs every request, so the test sees that none left the repository's path.
 */
const cli = fileURLToPath(new URL('../../dist/cli/tparams.cjs', import.meta.url));

const expectOneLine = expectUserErrorLine;

describe('a hostile Hub-shaped server on 127.0.0.1: requests stay in the repository, bodies are bounded', () => {
  const MiB = 1024 * 1024;
  const files: Record<string, Buffer> = {};
  const requests: Array<{ url: string; authorization?: string }> = [];
  /** Bytes each flooding answer wrote before the client hung up (kernel buffers included). */
  const flooded: Record<string, number> = {};
  let server: Server;
  let endpoint: string;

  /** Writes `first`, then zeros up to `total` bytes, as fast as the client reads, until it hangs up. */
  function flood(res: ServerResponse, key: string, first: Buffer, total: number) {
    const zeros = Buffer.alloc(64 * 1024);
    let sent = 0;
    const done = () => (flooded[key] = sent);
    res.on('close', done);
    const pump = () => {
      while (sent < total && !res.destroyed) {
        const chunk = sent === 0 ? first : zeros;
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  }

  function handle(req: IncomingMessage, res: ServerResponse) {
    const url = req.url ?? '';
    requests.push({
      url,
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    });
    const match = /^\/test-org\/([\w-]+)\/resolve\/main\/([^/?#]+)$/.exec(url);
    const [repo, file] = match ? [match[1]!, decodeURIComponent(match[2]!)] : ['', ''];
    const body = files[`${repo}/${file}`];
    if (!body) return void res.writeHead(404, { 'x-error-code': 'EntryNotFound' }).end();
    const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
    if (repo === 'huge-index' && file.endsWith('.json'))
      return flood(
        res.writeHead(200, { 'content-length': 100 * MiB }),
        'huge-index',
        body,
        100 * MiB,
      );
    if (repo === 'flood-200' && range)
      return flood(
        res.writeHead(200, { 'content-length': 200 * MiB }),
        'flood-200',
        body,
        200 * MiB,
      );
    if (range) {
      const [start, end] = [Number(range[1]), Math.min(Number(range[2]), body.length - 1)];
      res.writeHead(206, { 'content-range': `bytes ${start}-${end}/${body.length}` });
      // A 206 whose body runs on for 200 MB past the range it names.
      if (repo === 'flood-206')
        return flood(res, `flood-206 ${start}`, body.subarray(start, end + 1), 200 * MiB);
      return void res.end(body.subarray(start, end + 1));
    }
    res.writeHead(200, { 'content-length': body.length }).end(body);
  }

  const tiny = () => readFileSync(join(writeTinyLlama(1), 'model.safetensors'));
  const config = Buffer.from(JSON.stringify(tinyLlamaConfig(1)));
  const index = (shard: string) =>
    Buffer.from(
      JSON.stringify({
        weight_map: Object.fromEntries([...tinyLlamaNames(1)].map((n) => [n, shard])),
      }),
    );

  beforeAll(async () => {
    for (const [repo, shard] of [
      ['traversal', '../../secret?x='],
      ['dotdot', '..'],
      ['encoded', '..%2Fsecret?x=#y.safetensors'],
    ] as const) {
      files[`${repo}/config.json`] = config;
      files[`${repo}/model.safetensors.index.json`] = index(shard);
    }
    files['encoded/..%2Fsecret?x=#y.safetensors'] = tiny();
    for (const repo of ['flood-206', 'flood-200', 'huge-index', 'offsets'])
      files[`${repo}/config.json`] = config;
    files['flood-206/model.safetensors'] = tiny();
    files['flood-200/model.safetensors'] = tiny();
    files['huge-index/model.safetensors.index.json'] = index('model.safetensors');
    const boast =
      '{"model.norm.weight":{"dtype":"F32","shape":[250000000000000],"data_offsets":[0,1000000000000000]}}';
    const length = Buffer.alloc(8);
    length.writeBigUInt64LE(BigInt(boast.length));
    files['offsets/model.safetensors'] = Buffer.concat([length, Buffer.from(boast)]);
    server = createServer(handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** The CLI against the server, with its peak memory (maxRSS, MiB) printed by a probe as it exits. */
  function run(
    id: string,
  ): Promise<{ code: number | null; stdout: string; stderr: string; peakMiB: number }> {
    const probe = `process.on('exit', () => process.stderr.write('rss ' + process.resourceUsage().maxRSS + '\\n')); process.argv.splice(1, 0, ${JSON.stringify(cli)}); await import(${JSON.stringify(cli)});`;
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', probe, 'verify', id], {
        env: {
          ...process.env,
          HF_ENDPOINT: endpoint,
          HF_HOME: mkdtempSync(join(tmpdir(), 'hf-')),
          HF_TOKEN: 'hf_secret_token',
          HF_HUB_OFFLINE: '',
        },
      });
      let stdout = '';
      let stderr = '';
      const timer = setTimeout(() => child.kill(), 20_000);
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        const rss = /rss (\d+)\n$/.exec(stderr);
        resolve({
          code,
          stdout,
          stderr: stderr.replace(/rss \d+\n$/, ''),
          peakMiB: Number(rss?.[1] ?? NaN) / 1024,
        });
      });
    });
  }

  it('traversal shard names send no request outside the repository (with the token or without)', async () => {
    requests.length = 0;
    expectOneLine(
      await run('test-org/traversal'),
      /test-org\/traversal\/model\.safetensors\.index\.json: weight_map\["model\.embed_tokens\.weight"\] = "\.\.\/\.\.\/secret\?x=" has a folder part: expected a plain file name/,
    );
    expectOneLine(await run('test-org/dotdot'), /= "\.\." names a folder/);
    // A plain name with %, ?, # is one encoded path segment: the server receives it as the name, in the repository.
    const encoded = await run('test-org/encoded');
    expect(encoded.code, encoded.stderr).toBe(0);
    expect(encoded.stdout).toContain('Match: the checkpoint holds exactly the derived parameters.');
    expect(requests.some((r) => r.url.endsWith('/..%252Fsecret%3Fx%3D%23y.safetensors'))).toBe(
      true,
    );
    for (const r of requests)
      expect(r.url).toMatch(/^\/test-org\/(traversal|dotdot|encoded)\/resolve\/main\/[^/?#]+$/);
    expect(
      requests
        .filter((r) => r.url.includes('model.safetensors'))
        .every((r) => r.authorization === 'Bearer hf_secret_token'),
    ).toBe(true);
  });

  it('a 206 with a 200 MB body is read only as far as the range asked: a Match, in bounded memory', async () => {
    const result = await run('test-org/flood-206');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      `checkpoint  ${tinyLlamaTotal(1).toLocaleString('en-US')} parameters`,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const sent = Object.entries(flooded)
      .filter(([key]) => key.startsWith('flood-206'))
      .map(([, bytes]) => bytes);
    expect(sent).toHaveLength(2);
    for (const bytes of sent) expect(bytes).toBeLessThan(32 * MiB);
    // It took 830 MB with a 200 MB body before; Node itself is about 50 MB.
    expect(result.peakMiB).toBeLessThan(150);
  });

  it('a 200 that ignores the range, or an index, past its bound: refused by its length before its body is read', async () => {
    expectOneLine(
      await run('test-org/flood-200'),
      /test-org\/flood-200: the server ignores range requests and model\.safetensors is 209715200 bytes, more than 67108864 bytes; download it and verify the folder$/,
    );
    expect(flooded['flood-200']).toBeLessThan(32 * MiB);
    expectOneLine(
      await run('test-org/huge-index'),
      /test-org\/huge-index: model\.safetensors\.index\.json is 104857600 bytes, more than 67108864 bytes \(the limit\)$/,
    );
    expect(flooded['huge-index']).toBeLessThan(32 * MiB);
  });

  it('a remote header with offsets of 10^15 is checked against the size in Content-Range', async () => {
    expectOneLine(
      await run('test-org/offsets'),
      /test-org\/offsets\/model\.safetensors is not a safetensors file: tensor "model\.norm\.weight": data_offsets \[0, 1000000000000000\] reach past the data, which is 0 bytes$/,
    );
  });
});

describe('readBounded: a body without a length is read up to the bound, then the stream is cancelled', () => {
  /** A 200 MB body in 64 KiB chunks, made as it is pulled: counts the chunks pulled and whether it was cancelled. */
  const endless = () => {
    const state = { pulled: 0, cancelled: false };
    const stream = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (++state.pulled > 3200) return controller.close();
          controller.enqueue(new Uint8Array(64 * 1024).fill(state.pulled & 0xff));
        },
        cancel() {
          state.cancelled = true;
        },
      },
      { highWaterMark: 0 },
    );
    return { response: new Response(stream), state };
  };

  it('stops at the bound (a 206 read as far as its range; a 200 to 64 MiB), exact to the byte', async () => {
    const { response, state } = endless();
    const { bytes, more } = await readBounded(response, 100_000);
    expect([bytes.length, more, state.cancelled]).toEqual([100_000, true, true]);
    expect(state.pulled).toBeLessThanOrEqual(3);
    expect(bytes[65_535]).toBe(1);
    expect(bytes[65_536]).toBe(2);
    const whole = await readBounded(new Response(new Uint8Array(10).fill(7)), 10);
    expect([whole.bytes.length, whole.more]).toEqual([10, false]);
  });
});
