import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boundedText, bytesText, readBounded } from '../../src/http/bounded-body.js';

let server: Server;
let base: string;

beforeAll(async () => {
  // A real server on 127.0.0.1: a small body, an endless one, one whose Content-Length lies big.
  server = createServer((request, response) => {
    if (request.url === '/small') return response.end('{"ok": true}');
    if (request.url === '/declared') {
      response.writeHead(200, { 'content-length': String(64 * 1024 * 1024) });
      return response.end();
    }
    if (request.url === '/latin1') return response.end(Buffer.from([0xff, 0xfe, 0x41]));
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const write = () => {
      while (response.write(chunk)) if (response.destroyed) return;
      response.once('drain', write);
    };
    response.on('error', () => {});
    write();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('response bodies read only up to a bound', () => {
  it('reads a body under the bound whole', async () => {
    expect(await boundedText(await fetch(`${base}/small`), 1024)).toEqual({ text: '{"ok": true}' });
  });

  it('stops an endless body at the bound and says so', async () => {
    const { bytes, more } = await readBounded(await fetch(`${base}/endless`), 100_000);
    expect(bytes.length).toBe(100_000);
    expect(more).toBe(true);
  });

  it('refuses a declared length over the bound before reading, and bytes that are not UTF-8', async () => {
    expect(await boundedText(await fetch(`${base}/declared`), 1024)).toEqual({
      tooLarge: 64 * 1024 * 1024,
      declared: true,
    });
    expect(await boundedText(await fetch(`${base}/latin1`), 1024)).toEqual({ notText: true });
  });

  it('says sizes as people do', () => {
    expect(bytesText(8 * 1024 * 1024)).toBe('8 MiB');
    expect(bytesText(1234)).toBe('1,234 bytes');
  });
});
