import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { serveWeb } from '../../src/cli/serve.js';
import { type BrowserContext, launchChromium } from './chromium.js';

/** Where the browser tests save their screenshots. */
const outputDir = fileURLToPath(new URL('../browser/output/', import.meta.url));

/**
 * The built web page served on 127.0.0.1 and one Chromium context for a describe block: the hooks
 * registered here start both before the block's tests and close them after. Read `context` and
 * `base` inside the tests, once the hooks have run.
 */
export function servedPage(viewport = { width: 1280, height: 1000 }) {
  const served = {} as { context: BrowserContext; base: string; site?: Server };
  beforeAll(async () => {
    const web = await serveWeb({ port: 0 });
    served.site = web.server;
    served.base = web.url;
    served.context = await launchChromium(viewport);
    mkdirSync(outputDir, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await served.context?.close();
    served.site?.close();
  });
  return served;
}
