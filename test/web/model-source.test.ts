import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limits } from '../../src/limits.js';
import { fetchConfig, subjectOf } from '../../src/web/model-source.js';
import { defaultState } from '../../src/web/state.js';
import { hfCases } from '../support/models.js';

// The page's Hub fetch, run in Node (its fetch and streams are the browser's): a mirror is named
// beside the model, an endpoint that is not http(s) is refused, and a body is bounded and checked.
const gpt2 = hfCases.find((c) => c.name === 'openai-community/gpt2')!;
let server: Server;
let base: string;
let sentByEndless = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '';
    if (path.startsWith('/html/')) {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<!DOCTYPE html><html><body>Sign in</body></html>');
    }
    if (path.startsWith('/endless/')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const more = () => {
        while (!res.destroyed && sentByEndless < limits.hubFileBytes * 4) {
          sentByEndless += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end();
      };
      return more();
    }
    res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
    res.end(JSON.stringify(gpt2.config));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("the page's Hub fetch", () => {
  it('names a non-default endpoint beside the model, and the public Hub not at all', async () => {
    const fromMirror = await subjectOf({
      ...defaultState,
      model: 'test-org/tiny-gpt2',
      endpoint: `${base}/`,
    });
    expect(fromMirror.report.title).toBe(`GPT2LMHeadModel (test-org/tiny-gpt2 · ${base})`);
    expect(String(fromMirror.report.total)).toBe(String(gpt2.total_params));
    const urls: string[] = [];
    const fromHub = await subjectOf(
      { ...defaultState, model: 'openai-community/gpt2x' },
      async (url) => {
        urls.push(url);
        return JSON.stringify(gpt2.config);
      },
    );
    expect(urls).toEqual([
      'https://huggingface.co/openai-community/gpt2x/resolve/main/config.json',
    ]);
    expect(fromHub.report.title).toBe('GPT2LMHeadModel (openai-community/gpt2x)');
  });

  it('refuses an endpoint that is not http(s), without fetching', async () => {
    let fetched = 0;
    const state = {
      ...defaultState,
      model: 'test-org/tiny-gpt2',
      endpoint: 'data:application/json,{"model_type":"gpt2"}',
    };
    await expect(
      subjectOf(state, async () => {
        fetched++;
        return '{}';
      }),
    ).rejects.toThrow(
      /^endpoint = data:application\/json,\{"model_type":"gpt2"\}: expected an http\(s\) URL such as https:\/\/hf-mirror\.com$/,
    );
    expect(fetched).toBe(0);
  });

  it('says an HTML page is one, and gives up an endless body at the cap', async () => {
    await expect(fetchConfig(`${base}/html/x/resolve/main/config.json`)).rejects.toThrow(
      /^127\.0\.0\.1:\d+ answered an HTML page, not JSON, for config\.json: check the endpoint, or paste the model's config\.json$/,
    );
    await expect(fetchConfig(`${base}/endless/x/resolve/main/config.json`)).rejects.toThrow(
      /^127\.0\.0\.1:\d+ sent a config\.json of more than 8 MiB \(the limit\): paste the model's config\.json instead$/,
    );
    expect(sentByEndless).toBeLessThan(limits.hubFileBytes * 4);
  });
});
