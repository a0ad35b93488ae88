import { writeTinyLlama } from '../support/llama-checkpoint.js';
import { row } from './measure.js';

/**
 * `verify` is linear in the number of tensors: a Llama checkpoint of 100,002 tensors (11,111
 * layers; DeepSeek-V3's has about 92,000) against one of 1,002 (111 layers), opened and verified
 * in this process with the built modules, best of 3 each (target: about 100× or less; a quadratic
 * step would make it 10,000×). Both match their configs, or the figure means nothing.
 */
export async function verifyBench(header: string): Promise<string[]> {
  const [{ openCheckpoint }, { verifyModel }] = await Promise.all([
    import(new URL('../../dist/checkpoint/open-checkpoint.js', import.meta.url).href) as Promise<
      typeof import('../../src/checkpoint/open-checkpoint.js')
    >,
    import(new URL('../../dist/requests/verify-checkpoint.js', import.meta.url).href) as Promise<
      typeof import('../../src/requests/verify-checkpoint.js')
    >,
  ]);
  const best = async (layers: number, rounds: number) => {
    const dir = writeTinyLlama(layers);
    let fastest = Infinity;
    for (let r = 0; r < rounds; r++) {
      const start = performance.now();
      const { verification } = verifyModel(await openCheckpoint(dir));
      fastest = Math.min(fastest, performance.now() - start);
      if (!verification.match)
        throw new Error(`verify bench: the ${layers}-layer checkpoint does not match`);
    }
    return fastest;
  };
  await best(111, 3); // warm-up: module loading and the JIT
  const small = await best(111, 3);
  const large = await best(11_111, 3);
  return [
    'Verify: 100,002 tensors vs 1,002 (best of 3; target: linear, about 100× or less)',
    header,
    row('verify, Llama 11,111 layers vs 111 layers', large, small, 'ms'),
  ];
}
