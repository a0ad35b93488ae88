import { describe, expect, it } from 'vitest';
import { num, sym } from '../../src/expr/nodes.js';
import { recurrentState } from '../../src/analysis/recurrent-state.js';

describe('recurrentState', () => {
  it("Mamba-130m's cache as transformers allocates it", () => {
    // MambaCache (modeling_mamba.py): conv_states [B, intermediate_size, conv_kernel] and
    // ssm_states [B, intermediate_size, state_size] for each of the 24 layers, in the model's
    // dtype: 24 · 1536 · (4 + 16) · 2 bytes = 1,474,560 for one sequence.
    const layout = {
      entries: [
        { name: 'conv', layers: sym('L'), channels: sym('d_inner'), kernel: sym('K_conv') },
        { name: 'ssm', layers: sym('L'), perSequence: num(1536 * 16) },
      ] as const,
    };
    const bindings = { L: 24n, d_inner: 1536n, K_conv: 4n };
    const one = recurrentState(layout, bindings, { dtype: 'bf16', batch: 1n });
    expect(one.total.value).toBe(1_474_560n);
    const eight = recurrentState(layout, bindings, { dtype: 'fp32', batch: 8n });
    expect(eight.total.value).toBe(1_474_560n * 2n * 8n);
  });
});

describe('per-token FLOPs of recurrent stacks', () => {
  it('Mamba has no attention term; a hybrid counts its attention layers only', async () => {
    const { deriveModel } = await import('../../src/requests/derive-model.js');
    const { flopsFigures } = await import('../../src/requests/compute-request.js');
    const { findPreset } = await import('../../src/models/presets.js');
    const mamba = deriveModel({ config: findPreset('mamba-130m')!.config, source: 'mamba' });
    const figures = flopsFigures(mamba, { context: 2048n });
    // 2N alone: twice the non-embedding parameters, no 2·L·n_ctx·d term for layers that do not attend.
    expect(figures.forward?.value).toBe(2n * mamba.model!.nonEmbedding);
    expect(figures.megatronIteration).toBeUndefined();
  });
});
