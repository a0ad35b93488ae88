import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import { existsSync, lstatSync, mkdtempSync, readFileSync, readlinkSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHubId } from '../../src/hub/hub-file.js';
import { findPreset } from '../../src/models/presets.js';
import { runCliAsync } from '../support/cli.js';

// A Hub-shaped server on 127.0.0.1: ORG/NAME/resolve/REV/FILE, with the headers the Hub sends
// (X-Repo-Commit, ETag), a gated repository, a missing one, a config that is not JSON, a redirect to
// a "CDN" path, and a repository whose connection drops.
const commit = 'a'.repeat(40);
const llama = JSON.stringify(findPreset('llama-2-7b')!.config);
let server: Server;
let endpoint: string;
/** A port nothing listens on: opened, then closed. */
let closed: string;
const requests: string[] = [];

function handle(req: IncomingMessage, res: ServerResponse) {
  requests.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
  const url = req.url ?? '';
  const send = (status: number, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body);
  };
  if (url === '/test-org/tiny-llama/resolve/main/config.json')
    return send(200, llama, { 'x-repo-commit': commit, etag: '"0123abcd"' });
  if (url === `/test-org/tiny-llama/resolve/${commit}/config.json`)
    return send(200, llama, { 'x-repo-commit': commit, etag: '"0123abcd"' });
  if (url === '/test-org/moved/resolve/main/config.json')
    return send(302, '', { location: '/cdn/blob-moved' });
  if (url === '/cdn/blob-moved')
    return send(200, llama, { 'x-repo-commit': commit, etag: '"feedbeef"' });
  if (url.startsWith('/test-org/gated/')) {
    if (req.headers.authorization === 'Bearer hf_good')
      return send(200, llama, { 'x-repo-commit': commit, etag: '"bead"' });
    return send(401, '{"error":"Access to model test-org/gated is restricted."}', {
      'x-error-code': 'GatedRepo',
    });
  }
  if (url.startsWith('/test-org/no-config/'))
    return send(404, '{"error":"Entry not found"}', { 'x-error-code': 'EntryNotFound' });
  if (url.startsWith('/test-org/not-json/'))
    return send(200, '{ "model_type": ', { 'x-repo-commit': commit, etag: '"badjson"' });
  if (url.startsWith('/test-org/drops/')) return req.socket.destroy();
  if (url.startsWith('/test-org/hangs/')) return; // never answers: the client's time-out must end it
  return send(404, '{"error":"Repository not found"}', { 'x-error-code': 'RepoNotFound' });
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closed = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const freshHome = () => mkdtempSync(join(tmpdir(), 'hf-home-'));
const run = (args: string[], env: Record<string, string>) =>
  runCliAsync(args, { env: { HF_ENDPOINT: endpoint, HF_TOKEN: '', HF_HUB_OFFLINE: '', ...env } });
const total = '6,738,415,616';

describe('models by Hub id', () => {
  it('reads ORG/NAME[@REVISION], and leaves config paths and components alone', () => {
    expect(parseHubId('meta-llama/Llama-3.1-8B')).toEqual({
      repo: 'meta-llama/Llama-3.1-8B',
      revision: 'main',
    });
    expect(parseHubId('org/name@v1.0')).toEqual({ repo: 'org/name', revision: 'v1.0' });
    // (the Hub's own names, which the checks of cache-names.ts must let through)
    expect(parseHubId('org/name@refs/pr/1')).toEqual({ repo: 'org/name', revision: 'refs/pr/1' });
    expect(parseHubId(`Org_1/Name.v2-x@${'0123456789abcdef'.repeat(2)}01234567`)).toEqual({
      repo: 'Org_1/Name.v2-x',
      revision: `${'0123456789abcdef'.repeat(2)}01234567`,
    });
    expect(parseHubId('google-t5/t5-small@release/v1.0_rc-2')).toEqual({
      repo: 'google-t5/t5-small',
      revision: 'release/v1.0_rc-2',
    });
    for (const other of [
      'attention',
      'torch.nn.Linear',
      'configs/llama.json',
      './x/y',
      '../a/b',
      'a/b/c',
      '../a',
      './a',
    ])
      expect(parseHubId(other), other).toBeUndefined();
  });

  it('fetches config.json, caches it as huggingface_hub does, and reads the cache offline', async () => {
    const home = freshHome();
    const online = await run(['derive', 'test-org/tiny-llama'], { HF_HOME: home });
    expect(online.stderr).toBe('');
    expect(online.stdout).toContain(total);
    const folder = join(home, 'hub', 'models--test-org--tiny-llama');
    expect(readFileSync(join(folder, 'refs', 'main'), 'utf8')).toBe(commit);
    const pointer = join(folder, 'snapshots', commit, 'config.json');
    expect(lstatSync(pointer).isSymbolicLink()).toBe(true);
    expect(readlinkSync(pointer)).toBe(join('..', '..', 'blobs', '0123abcd'));
    const before = requests.length;
    const offline = await run(['derive', 'test-org/tiny-llama', '--format', 'json'], {
      HF_HOME: home,
      HF_HUB_OFFLINE: '1',
    });
    expect(JSON.parse(offline.stdout).total).toBe('6738415616');
    expect(requests.length).toBe(before);
    const missing = await run(['derive', 'test-org/other'], { HF_HOME: home, HF_HUB_OFFLINE: '1' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/offline \(HF_HUB_OFFLINE is set\)/);
  });

  it('follows a redirect to a CDN, and works for memory, flops, solve and sweep', async () => {
    const home = freshHome();
    expect((await run(['derive', 'test-org/moved'], { HF_HOME: home })).stdout).toContain(total);
    const memory = await run(['memory', 'test-org/tiny-llama', '--format', 'json'], {
      HF_HOME: home,
    });
    expect(JSON.parse(memory.stdout).weights_bytes).toBe('13476831232');
    expect(
      (
        await run(['sweep', 'test-org/tiny-llama', '--vary', 'num_hidden_layers=32'], {
          HF_HOME: home,
        })
      ).stdout,
    ).toContain('32,6738415616,');
  });

  it('a gated repository: 401 says to set HF_TOKEN, and the token is sent when set (or read from HF_HOME/token)', async () => {
    const denied = await run(['derive', 'test-org/gated'], { HF_HOME: freshHome() });
    expect(denied.code).toBe(2);
    expect(denied.stderr.trim().split('\n')).toHaveLength(1);
    expect(denied.stderr).toMatch(/401 .*set HF_TOKEN/);
    expect(
      (await run(['derive', 'test-org/gated'], { HF_HOME: freshHome(), HF_TOKEN: 'hf_good' }))
        .stdout,
    ).toContain(total);
    const home = freshHome();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(home, 'token'), 'hf_good\n');
    expect((await run(['derive', 'test-org/gated'], { HF_HOME: home })).stdout).toContain(total);
  });

  it('404s, a config that is not JSON, a dropped connection, no server: one clear line, exit 2', async () => {
    const cases: Array<[string, RegExp, Record<string, string>?]> = [
      ['test-org/no-such-model', /no such repository/],
      ['test-org/no-config', /has no config\.json/],
      ['test-org/not-json', /config\.json is not valid JSON/],
      ['test-org/drops', /cannot reach .* is not cached/],
    ];
    cases.push(['test-org/hangs', /cannot reach .*\(timed out\)/, { HF_HUB_ETAG_TIMEOUT: '1' }]);
    cases.push([
      'test-org/tiny-llama',
      /cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/,
      { HF_ENDPOINT: closed },
    ]);
    for (const [id, message, env] of cases) {
      const result = await run(['derive', id], { HF_HOME: freshHome(), ...env });
      expect(result.code, id).toBe(2);
      expect(result.stderr, id).toMatch(message);
      expect(result.stderr.trim().split('\n'), id).toHaveLength(1);
    }
  });

  it('falls back to the cache when the Hub cannot be reached, and says so', async () => {
    const home = freshHome();
    await run(['derive', 'test-org/tiny-llama'], { HF_HOME: home });
    const result = await run(['derive', 'test-org/tiny-llama'], {
      HF_HOME: home,
      HF_ENDPOINT: closed,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(total);
    expect(result.stderr).toMatch(/using the cached config\.json/);
    expect(existsSync(join(home, 'hub', 'models--test-org--tiny-llama', 'blobs', '0123abcd'))).toBe(
      true,
    );
  });
});
