import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubEnvironment } from '../../src/hub/hub-environment.js';
import { hubFile, parseHubId } from '../../src/hub/hub-file.js';
import { limits } from '../../src/limits.js';
import { runCliAsync } from '../support/cli.js';
import { hfCases } from '../support/models.js';

/**
 * A hostile Hub on 127.0.0.1: commits and ETags that climb out of the cache, HTML pages and lists
 * sent as config.json, a static mirror with no ETag, an endless body. Each case runs with a temp
 * HF_HOME beside a canary folder; afterwards the canary is as it was, nothing exists beside the two,
 * and the cache holds only what it should.
 */
const gpt2 = hfCases.find((c) => c.name === 'openai-community/gpt2')!;
const config = JSON.stringify(gpt2.config);
const sha256 = createHash('sha256').update(config).digest('hex');
const commit = 'c'.repeat(40);
const json = { 'content-type': 'application/json' };
/** Bytes the endless body sends at most, should the client never stop reading (the test's own bound). */
const endlessBound = limits.hubFileBytes * 4;
let sentByEndless = 0;

type Answer = (res: ServerResponse) => void;
const send =
  (headers: Record<string, string>, body: string | Buffer = config): Answer =>
  (res) => {
    res.writeHead(200, { ...json, ...headers });
    res.end(body);
  };
const answers: Record<string, Answer> = {
  'climb/commit': send({ 'x-repo-commit': '../../../../canary/x', etag: '"abc"' }),
  'climb/absolute-commit': send({ 'x-repo-commit': '/tmp/x', etag: '"abc"' }),
  'climb/short-commit': send({ 'x-repo-commit': 'abc123', etag: '"abc"' }),
  'climb/dot-etag': send({ 'x-repo-commit': commit, etag: '"."' }),
  'climb/dotdot-etag': send({ 'x-repo-commit': commit, etag: '..' }),
  'climb/path-etag': send({ 'x-repo-commit': commit, etag: '"../../../canary/blob"' }),
  'climb/linked-etag': send({ 'x-repo-commit': commit, etag: '"fine"', 'x-linked-etag': '"../x"' }),
  'lies/html': send(
    { 'content-type': 'text/html', 'x-repo-commit': commit, etag: '"page"' },
    '<!DOCTYPE html><html><body>Sign in</body></html>',
  ),
  'lies/html-as-json': send(
    { 'x-repo-commit': commit, etag: '"page"' },
    '\n<html><head><title>502</title></head></html>',
  ),
  'lies/garbage': send({ 'x-repo-commit': commit, etag: '"oops"' }, 'oops, not found'),
  'lies/list': send({ 'x-repo-commit': commit, etag: '"list"' }, '[1, 2, 3]'),
  'lies/not-utf8': send(
    { 'x-repo-commit': commit, etag: '"bytes"' },
    Buffer.from([0x7b, 0xff, 0xfe, 0x7d]),
  ),
  'lies/huge-length': (res) => {
    res.writeHead(200, { ...json, 'content-length': String(10 ** 12) });
    res.write('{');
  },
  'lies/endless': (res) => {
    res.writeHead(200, json);
    res.write('{"model_type": "gpt2", "pad": "');
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const more = () => {
      while (!res.destroyed && sentByEndless < endlessBound) {
        sentByEndless += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', more);
      }
      res.end();
    };
    more();
  },
  'static/mirror': send({ 'content-type': 'application/octet-stream' }),
  'fine/html-typed': send({
    'content-type': 'text/html',
    'x-repo-commit': commit,
    etag: '"typed"',
  }),
  'fine/tagged': send({
    'x-repo-commit': commit,
    etag: '"W/ignored"',
    'x-linked-etag': `"${sha256}"`,
  }),
};

let server: Server;
let endpoint: string;
const requests: string[] = [];
beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    requests.push(req.url ?? '');
    const repo = /^\/([^/]+\/[^/]+)\/resolve\/[^/]+\/config\.json$/.exec(req.url ?? '')?.[1];
    const answer = repo ? answers[repo] : undefined;
    if (answer) return answer(res);
    res.writeHead(404, { ...json, 'x-error-code': 'RepoNotFound' });
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A temp folder holding `home` (HF_HOME) and `canary` (with one file), and a look at both afterwards. */
function sandbox() {
  const base = mkdtempSync(join(tmpdir(), 'hostile-hub-'));
  const home = join(base, 'home');
  const canary = join(base, 'canary');
  mkdirSync(join(canary, 'x'), { recursive: true });
  writeFileSync(join(canary, 'x', 'config.json'), 'canary');
  mkdirSync(home);
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? files(join(dir, e.name)) : [relative(base, join(dir, e.name))],
    );
  return {
    home,
    cache: join(home, 'hub'),
    env: { HF_HOME: home, HF_ENDPOINT: endpoint, HF_TOKEN: '', HF_HUB_OFFLINE: '' },
    /** Every file under HF_HOME (relative to the temp folder). */
    files: () => files(home).sort(),
    expectCanaryUntouched: () => {
      expect(readdirSync(base).sort()).toEqual(['canary', 'home']);
      expect(files(canary)).toEqual([join('canary', 'x', 'config.json')]);
      expect(lstatSync(join(canary, 'x', 'config.json')).isFile()).toBe(true);
      expect(readFileSync(join(canary, 'x', 'config.json'), 'utf8')).toBe('canary');
    },
  };
}

const library = async (
  id: string,
  box: ReturnType<typeof sandbox>,
  extra: Record<string, string> = {},
) => hubFile(parseHubId(id)!, 'config.json', hubEnvironment({ ...box.env, ...extra }));

const refused: Array<[id: string, message: RegExp]> = [
  [
    'climb/commit',
    /^(tparams: )?climb\/commit: http:\/\/127\.0\.0\.1:\d+ answered config\.json with X-Repo-Commit "\.\.\/\.\.\/\.\.\/\.\.\/canary\/x": expected a commit of 40 hex digits; nothing was cached$/,
  ],
  ['climb/absolute-commit', /X-Repo-Commit "\/tmp\/x": expected a commit of 40 hex digits/],
  ['climb/short-commit', /X-Repo-Commit "abc123": expected a commit of 40 hex digits/],
  ['climb/dot-etag', /with ETag "\\"\.\\"": is not a name a file may have/],
  ['climb/dotdot-etag', /with ETag "\.\.": is not a name a file may have/],
  ['climb/path-etag', /with ETag ".*canary\/blob\\"": is not a name a file may have/],
  ['climb/linked-etag', /with X-Linked-Etag "\\"\.\.\/x\\"": is not a name a file may have/],
  [
    'lies/html',
    /^(tparams: )?lies\/html: http:\/\/127\.0\.0\.1:\d+ answered an HTML page, not JSON, for config\.json \(an error or login page\? check HF_ENDPOINT\)$/,
  ],
  ['lies/html-as-json', /answered an HTML page, not JSON, for config\.json/],
  [
    'lies/garbage',
    /^lies\/garbage: its config\.json is not valid JSON: JSON value expected but got 'o' at line 1 column 1$/,
  ],
  ['lies/list', /^(tparams: )?lies\/list: its config\.json is JSON, but a list, not an object$/],
  ['lies/not-utf8', /answered config\.json with bytes that are not UTF-8 text$/],
  [
    'lies/huge-length',
    /sent config\.json of more than 8 MiB \(the limit; it declared 1,000,000,000,000 bytes\)$/,
  ],
  [
    'lies/endless',
    /sent config\.json of more than 8 MiB \(the limit; it sent [\d,]+ bytes before it was stopped\)$/,
  ],
];

describe('a hostile Hub: refused, one line, nothing written outside the cache, nothing cached', () => {
  it.each(refused)('%s (library)', async (id, message) => {
    const box = sandbox();
    const started = Date.now();
    await expect(library(id, box)).rejects.toMatchObject({
      name: 'UserError',
      message: expect.stringMatching(message),
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    box.expectCanaryUntouched();
    // (nothing at all: no blob, no pointer, no refs, no half-written file)
    expect(box.files()).toEqual([]);
  });

  it('the endless body is given up at the cap: the server sent far less than its own bound', () => {
    expect(sentByEndless).toBeGreaterThan(limits.hubFileBytes);
    expect(sentByEndless).toBeLessThan(endlessBound);
  });

  it('through the CLI: exit 2, one line, no stack, for a climbing commit, an HTML page and an endless body', async () => {
    const box = sandbox();
    const ids = ['climb/commit', 'lies/html', 'lies/endless'];
    const results = await Promise.all(
      ids.map((id) => runCliAsync(['derive', id], { env: box.env })),
    );
    results.forEach((result, i) => {
      const [, message] = refused.find(([id]) => id === ids[i])!;
      expect(result.code, ids[i]).toBe(2);
      expect(result.stdout, ids[i]).toBe('');
      expect(result.stderr.trimEnd().split('\n'), ids[i]).toHaveLength(1);
      expect(result.stderr.trimEnd(), ids[i]).toMatch(message);
      expect(result.stderr).not.toMatch(/internal error| {4}at /);
    });
    box.expectCanaryUntouched();
    expect(box.files()).toEqual([]);
  });
});

describe('names from the user that would become paths in the cache', () => {
  it.each([
    [
      'climb/x@../../x',
      /^(tparams: )?climb\/x@\.\.\/\.\.\/x: its revision '\.\.\/\.\.\/x' may not have a part that is "\." or "\.\." or starts with "\."$/,
    ],
    ['climb/x@/etc/x', /its revision '\/etc\/x' may not start or end with "\/", nor hold "\/\/"$/],
    [
      'climb/x@main/../../../x',
      /its revision 'main\/\.\.\/\.\.\/\.\.\/x' may not have a part that is "\." or "\.\."/,
    ],
    ['climb/x@a\\b', /its revision 'a\\b' may not hold spaces, control characters/],
    ['a--b/c', /^(tparams: )?a--b\/c: its ORG 'a--b' may not hold "--" or "\.\."$/],
    ['org/name.', /its NAME 'name\.' may not start or end with "-" or "\."$/],
    ['org/-name', /its NAME '-name' may not start or end with "-" or "\."$/],
  ])('%s is refused before any request', async (id, message) => {
    const box = sandbox();
    const before = requests.length;
    expect(() => parseHubId(id)).toThrow(message);
    const result = await runCliAsync(['derive', id], { env: box.env });
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr.trimEnd()).toMatch(message);
    expect(requests.length).toBe(before);
    box.expectCanaryUntouched();
    expect(box.files()).toEqual([]);
  });

  it('a refs file or a cached config that an older version (or another tool) left wrong', async () => {
    const box = sandbox();
    const folder = join(box.cache, 'models--fine--tagged');
    mkdirSync(join(folder, 'refs'), { recursive: true });
    writeFileSync(join(folder, 'refs', 'main'), '../../../../canary/x');
    await expect(library('fine/tagged', box, { HF_HUB_OFFLINE: '1' })).rejects.toThrow(
      /offline \(HF_HUB_OFFLINE is set\) and its config\.json is not in the cache/,
    );
    writeFileSync(join(folder, 'refs', 'main'), commit);
    mkdirSync(join(folder, 'snapshots', commit), { recursive: true });
    writeFileSync(join(folder, 'snapshots', commit, 'config.json'), '<!DOCTYPE html><html></html>');
    await expect(library('fine/tagged', box, { HF_HUB_OFFLINE: '1' })).rejects.toThrow(
      /^fine\/tagged: the cached config\.json \(.*\) is an HTML page, not JSON: delete it, and fetch it again online$/,
    );
    box.expectCanaryUntouched();
  });

  it('HF_ENDPOINT must be an http(s) URL', async () => {
    for (const bad of [
      'data:application/json,{}',
      'file:///etc',
      'ftp://mirror',
      'https://user:pw@mirror',
      'https://mirror/?x=1',
      'https://mir\tror',
      'not a url',
    ]) {
      expect(() => hubEnvironment({ HF_ENDPOINT: bad }), bad).toThrow(
        /^HF_ENDPOINT = .*: expected an http\(s\) URL such as https:\/\/huggingface\.co$/,
      );
    }
    expect(hubEnvironment({ HF_ENDPOINT: 'https://hf-mirror.com/' }).endpoint).toBe(
      'https://hf-mirror.com',
    );
    const result = await runCliAsync(['derive', 'fine/tagged'], {
      env: { ...sandbox().env, HF_ENDPOINT: 'data:application/json,{}' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd()).toBe(
      'tparams: HF_ENDPOINT = "data:application/json,{}": expected an http(s) URL such as https://huggingface.co',
    );
  });
});

describe('what is cached, and how', () => {
  it('a static mirror with no ETag and no commit: blob by sha256, snapshot by its first 40 hex digits, then offline', async () => {
    const box = sandbox();
    expect(await library('static/mirror', box)).toBe(config);
    const folder = join(box.cache, 'models--static--mirror');
    expect(readFileSync(join(folder, 'refs', 'main'), 'utf8')).toBe(sha256.slice(0, 40));
    const pointer = join(folder, 'snapshots', sha256.slice(0, 40), 'config.json');
    expect(readlinkSync(pointer)).toBe(join('..', '..', 'blobs', sha256));
    expect(readFileSync(join(folder, 'blobs', sha256), 'utf8')).toBe(config);
    const offline = await runCliAsync(['derive', 'static/mirror', '--format', 'json'], {
      env: { ...box.env, HF_HUB_OFFLINE: '1' },
    });
    expect(offline.stderr).toBe('');
    expect(JSON.parse(offline.stdout).total).toBe(String(gpt2.total_params));
    box.expectCanaryUntouched();
    expect(box.files().filter((f) => f.endsWith('.incomplete'))).toEqual([]);
  });

  it('a JSON object is taken whatever its Content-Type says (a static server may call it text/html)', async () => {
    const box = sandbox();
    expect(await library('fine/html-typed', box)).toBe(config);
    expect(
      readFileSync(join(box.cache, 'models--fine--html-typed', 'blobs', 'typed'), 'utf8'),
    ).toBe(config);
  });

  it('a folder of the cache that is a symlink elsewhere is not written through (the file is still read)', async () => {
    const box = sandbox();
    const folder = join(box.cache, 'models--fine--tagged');
    mkdirSync(folder, { recursive: true });
    symlinkSync(join('..', '..', '..', 'canary'), join(folder, 'snapshots'));
    symlinkSync(join('..', '..', '..', 'canary', 'x'), join(folder, 'refs'));
    expect(await library('fine/tagged', box)).toBe(config);
    box.expectCanaryUntouched();
    expect(box.files()).toEqual([
      relative(join(box.home, '..'), join(folder, 'blobs', sha256)),
      relative(join(box.home, '..'), join(folder, 'refs')),
      relative(join(box.home, '..'), join(folder, 'snapshots')),
    ]);
  });

  it('X-Linked-Etag names the blob before ETag; a second fetch replaces the pointer in place', async () => {
    const box = sandbox();
    await library('fine/tagged', box);
    const folder = join(box.cache, 'models--fine--tagged');
    const pointer = join(folder, 'snapshots', commit, 'config.json');
    expect(readlinkSync(pointer)).toBe(join('..', '..', 'blobs', sha256));
    // A symlink someone left at the pointer's place, to the canary: replaced, the canary untouched.
    const { rmSync } = await import('node:fs');
    rmSync(pointer);
    symlinkSync(join('..', '..', '..', '..', '..', 'canary', 'x', 'config.json'), pointer);
    await library('fine/tagged', box);
    expect(readlinkSync(pointer)).toBe(join('..', '..', 'blobs', sha256));
    expect(box.files()).toEqual(
      [
        relative(join(box.home, '..'), join(folder, 'blobs', sha256)),
        relative(join(box.home, '..'), join(folder, 'refs', 'main')),
        relative(join(box.home, '..'), pointer),
      ].sort(),
    );
    box.expectCanaryUntouched();
  });
});
