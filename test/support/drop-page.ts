/// <reference lib="dom" />
import { expect } from 'vitest';
import type { BrowserContext } from './chromium.js';

/**
 * The web page in a browser context, for tests that drop files on it: every range the page reads
 * from a Blob (`arrayBuffer`, `text`, `stream`, `bytes`) and every long task is recorded, and the
 * reads are cleared once the first view is shown.
 */
export async function openDropPage(context: BrowserContext, base: string) {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(() => {
    const w = window as unknown as { reads: number[]; longTasks: number[] };
    w.reads = [];
    w.longTasks = [];
    const read = Blob.prototype.arrayBuffer;
    Blob.prototype.arrayBuffer = function (this: Blob) {
      w.reads.push(this.size);
      return read.call(this);
    };
    for (const name of ['text', 'stream', 'bytes'] as const) {
      const whole = (Blob.prototype as unknown as Record<string, () => unknown>)[name];
      if (!whole) continue;
      (Blob.prototype as unknown as Record<string, () => unknown>)[name] = function (this: Blob) {
        w.reads.push(this.size);
        return whole.call(this);
      };
    }
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`${base}?model=llama-2-7b`, { waitUntil: 'domcontentloaded' });
  await expect.poll(() => page.locator('#total').textContent(), { timeout: 15_000 }).toBeTruthy();
  await page.evaluate(() => {
    (window as unknown as { reads: number[] }).reads = [];
  });
  return { page, errors };
}

export type DropPage = Awaited<ReturnType<typeof openDropPage>>['page'];

/** The sizes of the Blob reads since the first view, and the long tasks' durations (ms). */
export const readsOf = (page: DropPage) =>
  page.evaluate(() => {
    const w = window as unknown as { reads: number[]; longTasks: number[] };
    return { reads: w.reads, longTasks: w.longTasks };
  });

/** Waits for the total card to show `expected`, grouped as the page groups it. */
export const totalOf = (page: DropPage, expected: bigint | number, timeout = 20_000) =>
  expect
    .poll(() => page.locator('#total').textContent(), { timeout })
    .toBe(expected.toLocaleString('en-US'));

/** Waits for the error line to match. */
export const errorOf = (page: DropPage, expected: RegExp) =>
  expect.poll(() => page.locator('#error').textContent(), { timeout: 10_000 }).toMatch(expected);
