import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { UserError } from '../errors/user-error.js';

/** The built web page: `npm run build` writes it to dist/web/ (found from src/cli/ and dist/cli/ alike). */
export const webDir = fileURLToPath(new URL('../../dist/web/', import.meta.url));

/**
 * Serves the web page on 127.0.0.1 (never on other interfaces: it is for the person at this
 * machine) with sirv, a small, well-kept static file server: content types, ETags, ranges and no
 * way out of the folder. Resolves once listening, with the address to open.
 */
export async function serveWeb(options: {
  port: number;
  host?: string;
  dir?: string;
}): Promise<{ server: Server; url: string }> {
  const dir = options.dir ?? webDir;
  if (!existsSync(`${dir}/index.html`))
    throw new UserError(`no built web page in ${dir}: run npm run build first`, { field: 'serve' });
  const [{ default: sirv }, { createServer }] = await Promise.all([
    import('sirv'),
    import('node:http'),
  ]);
  // `dev: true` re-reads files as they change, and sends no long-lived caching headers.
  const files = sirv(dir, { dev: true, etag: true, extensions: ['html'] });
  const server = createServer((request, response) => {
    response.setHeader('X-Content-Type-Options', 'nosniff');
    files(request, response, () => {
      response.statusCode = 404;
      response.setHeader('Content-Type', 'text/plain; charset=utf-8');
      response.end('not found\n');
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new UserError(
              `--port ${options.port}: already in use; pick another, or --port 0 for any free one`,
              { field: '--port', received: options.port },
            )
          : error,
      ),
    );
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://${host}:${port}/` };
}

/** `--port`: 0 (any free port) to 65535. */
export function parsePort(raw: string): number {
  if (!/^\d+$/.test(raw) || Number(raw) > 65535)
    throw new UserError(`--port ${raw}: expected a port number from 0 to 65535`, {
      field: '--port',
      received: raw,
      expected: '0–65535',
    });
  return Number(raw);
}
