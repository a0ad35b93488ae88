import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCheckpoint } from '../../src/checkpoint/open-checkpoint.js';
import { verifyModel } from '../../src/requests/verify-checkpoint.js';
import { writeSparseSafetensors, writeTinyLlama } from '../support/llama-checkpoint.js';

/**
 * verify is linear in the number of tensors. Names with distinct first components were the worst
 * case (each component filtered all names: 30,000 took 98 s in the CLI); 10× the tensors must take
 * about 10× the time, not 100× (best of 3, with a wide margin for a busy machine).
 */
describe('verify scales linearly with the tensors in the checkpoint', () => {
  const bestOf3 = async (tensors: number) => {
    const dir = writeTinyLlama(1);
    writeSparseSafetensors(
      join(dir, 'model.safetensors'),
      Array.from({ length: tensors }, (_, i): [string, number[]] => [`t${i}.weight`, [4]]),
    );
    let best = Infinity;
    for (let round = 0; round < 3; round++) {
      const started = performance.now();
      const { verification } = verifyModel(await openCheckpoint(dir));
      best = Math.min(best, performance.now() - started);
      expect(verification.unexpected).toHaveLength(tensors);
    }
    return best;
  };

  it('20,000 tensors with distinct prefixes vs 2,000: well under the 100× of a quadratic step', async () => {
    await bestOf3(2_000); // warm-up
    const small = await bestOf3(2_000);
    const large = await bestOf3(20_000);
    expect(large / small).toBeLessThan(40);
    expect(large).toBeLessThan(5_000);
  });
});
