import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';

// The CLI's bundle starts a note's helper threads from dist/cli/block-thread.js, a bundle of its
// own: it must load (CommonJS dependencies need a require there) and render as the CLI does.
describe('the bundled helper thread', () => {
  it('loads and renders a block: GPT-2, 124,439,808 parameters (HF)', async () => {
    const url = new URL('../../../dist/cli/block-thread.js', import.meta.url);
    const worker = new Worker(url, { workerData: { options: { format: 'md', lang: 'en' } } });
    try {
      const reply = await new Promise<unknown>((resolve, reject) => {
        worker.on('error', reject);
        worker.on('message', (m: { ready?: true }) => {
          if (m.ready) worker.postMessage(['derive gpt2 --show total']);
          else resolve(m);
        });
      });
      expect(reply).toEqual({
        rendered: [{ markup: '$$\nP_{\\text{model}} = 124{,}439{,}808\n$$\n' }],
      });
    } finally {
      await worker.terminate();
    }
  });
});
