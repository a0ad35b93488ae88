import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { blockThreadFlag } from '../../../src/cli/blocks/thread-flag.js';

// The CLI's bundle starts a note's helper threads from dist/cli/block-thread.cjs, the CLI's own
// executable: the thread runs the CLI's script from its code cache, and must render as the CLI does.
describe('the bundled helper thread', () => {
  it('compiles the script from the code cache, which another isolate accepts', async () => {
    const dist = new URL('../../../dist/cli/', import.meta.url);
    const program = `const { readFileSync } = require('node:fs');
const vm = require('node:vm');
const { parentPort, workerData: w } = require('node:worker_threads');
const script = new vm.Script(readFileSync(w.script, 'latin1'), { filename: w.script, cachedData: readFileSync(w.cache) });
parentPort.postMessage(script.cachedDataRejected);`;
    const worker = new Worker(program, {
      eval: true,
      workerData: {
        script: fileURLToPath(new URL('tparams-script.js', dist)),
        cache: fileURLToPath(new URL('tparams-script.cache', dist)),
      },
    });
    const rejected = await new Promise((resolve, reject) => {
      worker.on('error', reject);
      worker.on('message', resolve);
    });
    expect(rejected).toBe(false);
    expect(readFileSync(new URL('block-thread.cjs', dist), 'utf8')).toBe(
      readFileSync(new URL('tparams.cjs', dist), 'utf8'),
    );
  });

  it('loads and renders a block: GPT-2, 124,439,808 parameters (HF)', async () => {
    const url = new URL('../../../dist/cli/block-thread.cjs', import.meta.url);
    const worker = new Worker(url, {
      argv: [blockThreadFlag],
      workerData: { options: { format: 'md', lang: 'en' } },
    });
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
