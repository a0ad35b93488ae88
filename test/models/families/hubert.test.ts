import { describe, expect, it } from 'vitest';
import { deriveModel } from '../../../src/requests/derive-model.js';
import {
  elementsOf,
  exactMatch,
  type Tensors,
  verifyHeader,
} from '../../support/decoder-checkpoint.js';
import { speechTensors } from '../../support/speech-checkpoint.js';

// HuBERT. No exact independent figure was found for hubert-base-ls960 (no fixture; the paper says
// "95M"), so each total is the sum of a header written by hand from modeling_hubert.py (wav2vec
// 2.0's modules, HubertConfig's defaults; see test/support/speech-checkpoint.ts): the feature
// projection's LayerNorm by feat_proj_layer_norm, a BatchNorm1d(768) and a plain conv in place of
// weight_norm by conv_pos_batch_norm, no adapters.
const config = { architectures: ['HubertModel'], model_type: 'hubert', num_hidden_layers: 2 };

describe('hubert (HuBERT)', () => {
  it("matches a HubertModel checkpoint's header by every tensor name and shape", () => {
    const entries = speechTensors('', { layers: 2, oldNames: true });
    const run = verifyHeader(config, entries);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(entries)));
  });

  it('drops the projection LayerNorm with feat_proj_layer_norm false; HubertForCTC', () => {
    const cfg = { ...config, architectures: ['HubertForCTC'], feat_proj_layer_norm: false };
    const entries: Tensors = [
      ...speechTensors('hubert.', { layers: 2, oldNames: false, projectionNorm: false }),
      ['lm_head.weight', [32, 768]],
      ['lm_head.bias', [32]],
    ];
    const run = verifyHeader(cfg, entries);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(entries)));
  });

  it('uses a BatchNorm and a plain conv with conv_pos_batch_norm (its statistics are buffers)', () => {
    const cfg = { ...config, conv_pos_batch_norm: true };
    const conv = 'encoder.pos_conv_embed';
    const entries: Tensors = [
      ...speechTensors('', { layers: 2, oldNames: false }).filter(
        ([n]) => !n.startsWith(`${conv}.conv.parametrizations`),
      ),
      [`${conv}.conv.weight`, [768, 48, 128]],
      [`${conv}.batch_norm.weight`, [768]],
      [`${conv}.batch_norm.bias`, [768]],
    ];
    const buffers: Tensors = [
      [`${conv}.batch_norm.running_mean`, [768]],
      [`${conv}.batch_norm.running_var`, [768]],
      [`${conv}.batch_norm.num_batches_tracked`, []],
    ];
    const run = verifyHeader(cfg, [...entries, ...buffers]);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(entries)));
  });

  it('has no adapters: add_adapter is not a HubertConfig field', () => {
    const entries = speechTensors('', { layers: 2, oldNames: false });
    const report = deriveModel({ config: { ...config, add_adapter: true }, source: 'h' });
    expect(report).toHaveParams(elementsOf(entries));
    expect(report.model?.kvCache).toBeUndefined();
  });
});
