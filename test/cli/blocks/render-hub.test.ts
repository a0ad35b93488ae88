import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPreset } from '../../../src/models/presets.js';
import { runCliAsync } from '../../support/cli.js';

// A Hub-shaped server on 127.0.0.1 serving Llama-2-7B's config (6,738,415,616 parameters: Meta's
// checkpoint, hf-models.json), to show a block's Hub id needs the network once, then the cache.
const commit = 'b'.repeat(40);
const config = JSON.stringify(findPreset('llama-2-7b')!.config);
let server: Server;
let endpoint: string;
let served = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url?.startsWith('/test-org/llama/resolve/')) {
      served++;
      res.writeHead(200, { 'x-repo-commit': commit, etag: '"cafe"' });
      return res.end(config);
    }
    res.writeHead(404, { 'x-error-code': 'RepoNotFound' });
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('a block naming a Hub id', () => {
  it('reads the config from the Hub at build time, and from the cache after', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'render-hub-'));
    const note = join(dir, 'note.md');
    writeFileSync(note, '```tparams\nderive test-org/llama --show total\n```\n');
    const env = { HF_ENDPOINT: endpoint, HF_HOME: join(dir, 'hf'), HF_TOKEN: '' };
    const first = await runCliAsync(['render', note, '--strict'], { env });
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toContain('6{,}738{,}415{,}616');
    expect(served).toBeGreaterThan(0);
    const offline = await runCliAsync(['render', note, '--strict'], {
      env: { ...env, HF_HUB_OFFLINE: '1' },
    });
    expect(offline.stdout).toBe(first.stdout);
  });
});
