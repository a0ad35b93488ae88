import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Debian's Chromium, driven by playwright-core (which never downloads a browser of its own), with
 * the flags that keep it from reaching the network on its own and a fresh empty profile. Browser
 * tests are skipped, with a message, only when no browser exists outside CI; in CI (.ci/run
 * installs Chromium) a missing browser is a failure.
 */
export const browserPath =
  process.env.CHROMIUM_PATH ??
  ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
/** Flags that keep Chromium from reaching the network on its own; every launch passes them. */
export const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

if (!browserPath) {
  const message =
    'browser test: no Chromium at /usr/bin/chromium (set CHROMIUM_PATH, or apt-get install chromium)';
  if (process.env.CI) throw new Error(`${message}; CI must have it (.ci/run installs it)`);
  console.warn(`${message}: skipped`);
}

export type BrowserContext = Awaited<
  ReturnType<typeof import('playwright-core').chromium.launchPersistentContext>
>;

export async function launchChromium(options: {
  width: number;
  height: number;
  permissions?: string[];
}): Promise<BrowserContext> {
  const { chromium } = await import('playwright-core');
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'tparams-chromium-')), {
    executablePath: browserPath!,
    headless: true,
    args: chromiumFlags,
    viewport: { width: options.width, height: options.height },
    ...(options.permissions ? { permissions: options.permissions } : {}),
  });
}
