import { spawnSync } from 'node:child_process';
import { row } from './measure.js';
import { measuredEnv } from './processes.js';

/**
 * The web page against the CLI: from navigation to the total on screen in Chromium (a fresh
 * browser context each round: no HTTP cache, no service worker), against \`tparams derive\`'s whole
 * run as a process. Both are best of five.
 */
export async function webPageBench(header: string): Promise<string[]> {
  const title =
    'Web page: first view of llama-2-7b in Chromium vs the CLI deriving it (best of 5; target: a small multiple)';
  const { browserPath, chromiumFlags } = await import('../support/chromium.js');
  if (!browserPath) return [title, '  skipped: no Chromium at /usr/bin/chromium'];
  const cli = new URL('../../dist/cli/tparams.cjs', import.meta.url).pathname;
  let cliBest = Infinity;
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    const run = spawnSync(process.execPath, [cli, 'derive', 'llama-2-7b'], {
      encoding: 'utf8',
      env: measuredEnv,
    });
    if (!run.stdout.includes('6,738,415,616'))
      throw new Error(`tparams derive llama-2-7b: ${run.stderr}`);
    cliBest = Math.min(cliBest, performance.now() - start);
  }
  const { serveWeb } = await import('../../src/cli/serve.js');
  const { chromium } = await import('playwright-core');
  const { server, url } = await serveWeb({ port: 0 });
  const browser = await chromium.launch({
    executablePath: browserPath,
    args: chromiumFlags,
  });
  let pageBest = Infinity;
  try {
    for (let i = 0; i < 5; i++) {
      const context = await browser.newContext({ serviceWorkers: 'block' });
      const page = await context.newPage();
      const start = performance.now();
      await page.goto(`${url}?model=llama-2-7b`, { waitUntil: 'commit' });
      await page.waitForFunction(
        () => document.getElementById('total')?.textContent === '6,738,415,616',
      );
      pageBest = Math.min(pageBest, performance.now() - start);
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  return [title, header, row('page ?model=llama-2-7b vs tparams derive', pageBest, cliBest, 'ms')];
}
