import { describe, expect, it } from 'vitest';
import { deriveModel } from '../../../src/requests/derive-model.js';
import { runCli } from '../../support/cli.js';
import {
  elementsOf,
  exactMatch,
  type Tensors,
  verifyHeader,
} from '../../support/decoder-checkpoint.js';
import { writeJson } from '../../support/models.js';
import { speechTensors } from '../../support/speech-checkpoint.js';

// wav2vec 2.0. No exact independent figure was found for wav2vec2-base (no fixture; the paper says
// "95M"), so each total here is the sum of a checkpoint header written by hand from
// modeling_wav2vec2.py and Wav2Vec2Config's defaults: seven Conv1d layers without bias (512
// channels, kernels 10, 3, 3, 3, 3, 2, 2) and a GroupNorm on the first, the feature projection
// (LayerNorm 512, Linear 512 → 768), masked_spec_embed [768] (mask_time_prob 0.05 > 0), the
// weight-normed positional conv (k 128, 16 groups: g [1, 1, 128], v [768, 48, 128], bias [768]),
// the encoder's LayerNorm, and per layer biased q/k/v/out_proj, layer_norm, intermediate_dense
// 768 → 3072, output_dense, final_layer_norm.
const config = { architectures: ['Wav2Vec2ForCTC'], model_type: 'wav2vec2', num_hidden_layers: 2 };

const ctcHead: Tensors = [
  ['lm_head.weight', [32, 768]],
  ['lm_head.bias', [32]],
];

describe('wav2vec2 (wav2vec 2.0)', () => {
  it('matches a Wav2Vec2ForCTC header with the weight_g/weight_v names of older files', () => {
    const entries = [...speechTensors('wav2vec2.', { layers: 2, oldNames: true }), ...ctcHead];
    const run = verifyHeader(config, entries);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(entries)));
    expect(run.json.mapped).toMatch(/2 weight_g\/weight_v names read as parametrizations/);
  });

  it('matches the same header with current PyTorch parametrizations names', () => {
    const entries = [...speechTensors('wav2vec2.', { layers: 2, oldNames: false }), ...ctcHead];
    const run = verifyHeader(config, entries);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(entries)));
  });

  it('puts a LayerNorm on every conv layer with feat_extract_norm "layer" (wav2vec2-large-lv60)', () => {
    const cfg = {
      ...config,
      architectures: ['Wav2Vec2Model'],
      feat_extract_norm: 'layer',
      do_stable_layer_norm: true,
    };
    const entries = speechTensors('', { layers: 2, oldNames: false, groupNorm: false });
    const run = verifyHeader(cfg, entries);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(entries)));
  });

  it('holds masked_spec_embed only while a mask probability is above 0', () => {
    const cfg = { ...config, mask_time_prob: 0, mask_feature_prob: 0 };
    const entries = speechTensors('wav2vec2.', { layers: 2, oldNames: false }).filter(
      ([n]) => !n.endsWith('masked_spec_embed'),
    );
    expect(deriveModel({ config: cfg, source: 'w' })).toHaveParams(
      elementsOf(entries) + elementsOf(ctcHead),
    );
    const featureOnly = { ...cfg, mask_feature_prob: 0.1 };
    expect(deriveModel({ config: featureOnly, source: 'w' })).toHaveParams(
      elementsOf(entries) + elementsOf(ctcHead) + 768,
    );
  });

  it('classifies sequences through the projector, with layer weights when asked', () => {
    const cfg = {
      ...config,
      architectures: ['Wav2Vec2ForSequenceClassification'],
      num_labels: 5,
      use_weighted_layer_sum: true,
    };
    const entries: Tensors = [
      ...speechTensors('wav2vec2.', { layers: 2, oldNames: false }),
      ['layer_weights', [3]], // L + 1 hidden states
      ['projector.weight', [256, 768]],
      ['projector.bias', [256]],
      ['classifier.weight', [5, 256]],
      ['classifier.bias', [5]],
    ];
    const run = verifyHeader(cfg, entries);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(entries)));
  });

  it('adds the adapter and feeds the CTC head its width', () => {
    const cfg = { ...config, add_adapter: true, output_hidden_size: 1024, num_adapter_layers: 2 };
    const entries: Tensors = [
      ...speechTensors('wav2vec2.', { layers: 2, oldNames: false }),
      ['wav2vec2.adapter.proj.weight', [1024, 768]],
      ['wav2vec2.adapter.proj.bias', [1024]],
      ['wav2vec2.adapter.proj_layer_norm.weight', [1024]],
      ['wav2vec2.adapter.proj_layer_norm.bias', [1024]],
      ...[0, 1].flatMap(
        (i): Tensors => [
          [`wav2vec2.adapter.layers.${i}.conv.weight`, [2048, 1024, 3]],
          [`wav2vec2.adapter.layers.${i}.conv.bias`, [2048]],
        ],
      ),
      ['lm_head.weight', [32, 1024]],
      ['lm_head.bias', [32]],
    ];
    const run = verifyHeader(cfg, entries);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(entries)));
  });

  it('puts an attention adapter in each stable-layer-norm layer with adapter_attn_dim (MMS)', () => {
    const cfg = { ...config, do_stable_layer_norm: true, adapter_attn_dim: 16 };
    const entries: Tensors = [
      ...speechTensors('wav2vec2.', { layers: 2, oldNames: false }),
      ...[0, 1].flatMap((i): Tensors => {
        const a = `wav2vec2.encoder.layers.${i}.adapter_layer`;
        return [
          [`${a}.norm.weight`, [768]],
          [`${a}.norm.bias`, [768]],
          [`${a}.linear_1.weight`, [16, 768]],
          [`${a}.linear_1.bias`, [16]],
          [`${a}.linear_2.weight`, [768, 16]],
          [`${a}.linear_2.bias`, [768]],
        ];
      }),
      ...ctcHead,
    ];
    const run = verifyHeader(cfg, entries);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(entries)));
    // Wav2Vec2EncoderLayer (post-norm) builds no adapter.
    const postNorm = { ...cfg, do_stable_layer_norm: false };
    const plain = [...speechTensors('wav2vec2.', { layers: 2, oldNames: false }), ...ctcHead];
    expect(deriveModel({ config: postNorm, source: 'w' })).toHaveParams(elementsOf(plain));
  });

  it('refuses a conv_dim that is not a list of positive integers, naming it', () => {
    expect(() => deriveModel({ config: { ...config, conv_dim: 512 }, source: 'w' })).toThrow(
      /conv_dim = 512: expected a non-empty list of positive integers/,
    );
  });

  it('has a weight memory and no KV cache (an encoder)', () => {
    const entries = [...speechTensors('wav2vec2.', { layers: 2, oldNames: false }), ...ctcHead];
    const memory = runCli(['memory', '--config', writeJson(config), '--format', 'json']);
    expect(memory.code, memory.stderr).toBe(0);
    expect(JSON.parse(memory.stdout)).toMatchObject({
      weights_bytes: String(2 * elementsOf(entries)),
      kv_cache_bytes: null,
    });
    const flops = runCli(['flops', '--config', writeJson(config)]);
    expect(flops.code, flops.stderr).toBe(0);
  });
});
