import { describe, expect, it } from 'vitest';
import { deriveModel } from '../../../../src/requests/derive-model.js';
import {
  elementsOf,
  exactMatch,
  type Tensors,
  verifyHeader,
} from '../../../support/decoder-checkpoint.js';
import { speechTensors } from '../../../support/speech-checkpoint.js';

// The heads of Wav2Vec2ForPreTraining, Wav2Vec2ForAudioFrameClassification and Wav2Vec2ForXVector,
// each header written by hand from modeling_wav2vec2.py and Wav2Vec2Config's defaults over the
// base model of test/support/speech-checkpoint.ts (2 layers). No exact independent total was found
// for these classes, so each expected total is the sum of the header's own shapes.
const base = { model_type: 'wav2vec2', num_hidden_layers: 2 };
const wav2vec2 = () => speechTensors('wav2vec2.', { layers: 2, oldNames: false });
const biased = (name: string, out: number, input: number): Tensors => [
  [`${name}.weight`, [out, input]],
  [`${name}.bias`, [out]],
];

describe('wav2vec 2.0 heads', () => {
  it('matches Wav2Vec2ForPreTraining: the Gumbel quantizer, project_hid and project_q', () => {
    // 2 codebooks of 320 codevectors, codevector_dim 256 (128 a codebook), proj_codevector_dim 256.
    const entries: Tensors = [
      ...wav2vec2(),
      ['quantizer.codevectors', [1, 640, 128]],
      ...biased('quantizer.weight_proj', 640, 512), // conv_dim[-1] → G·V
      ...biased('project_hid', 256, 768),
      ...biased('project_q', 256, 256),
    ];
    const run = verifyHeader({ ...base, architectures: ['Wav2Vec2ForPreTraining'] }, entries);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(entries)));
  });

  it('refuses a codevector_dim the codebooks do not divide, naming it', () => {
    const config = { ...base, architectures: ['Wav2Vec2ForPreTraining'], codevector_dim: 255 };
    expect(() => deriveModel({ config, source: 'w' })).toThrow(/codevector_dim = 255/);
  });

  it('matches Wav2Vec2ForAudioFrameClassification, with layer weights when asked', () => {
    const entries: Tensors = [
      ...wav2vec2(),
      ['layer_weights', [3]],
      ...biased('classifier', 4, 768),
    ];
    const config = {
      ...base,
      architectures: ['Wav2Vec2ForAudioFrameClassification'],
      num_labels: 4,
      use_weighted_layer_sum: true,
    };
    const run = verifyHeader(config, entries);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(entries)));
  });

  it('refuses the adapter in Wav2Vec2ForAudioFrameClassification, as its __init__ does', () => {
    const config = { ...base, architectures: ['Wav2Vec2ForAudioFrameClassification'] };
    expect(() => deriveModel({ config: { ...config, add_adapter: true }, source: 'w' })).toThrow(
      /add_adapter/,
    );
  });

  it('matches Wav2Vec2ForXVector: projector, TDNN kernels, feature_extractor, objective', () => {
    // tdnn_dim 512, 512, 512, 512, 1500 with kernels 5, 3, 3, 1, 1: layer i's Linear reads
    // tdnn_dim[i - 1] · kernel (layer 0: tdnn_dim[0] · 5); xvector_output_dim 512; 2 labels.
    const tdnn: Array<[number, number]> = [
      [512, 512 * 5],
      [512, 512 * 3],
      [512, 512 * 3],
      [512, 512],
      [1500, 512],
    ];
    const entries: Tensors = [
      ...wav2vec2(),
      ...biased('projector', 512, 768),
      ...tdnn.flatMap(([out, input], i) => biased(`tdnn.${i}.kernel`, out, input)),
      ...biased('feature_extractor', 512, 3000), // mean and deviation of 1500
      ...biased('classifier', 512, 512),
      ['objective.weight', [512, 2]], // AMSoftmaxLoss's nn.Parameter [input_dim, num_labels]
    ];
    const run = verifyHeader({ ...base, architectures: ['Wav2Vec2ForXVector'] }, entries);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(entries)));
  });

  it('has no such classes for HuBERT (modeling_hubert.py defines Model, ForCTC, ForSequenceClassification)', () => {
    const config = { model_type: 'hubert', architectures: ['HubertForXVector'] };
    expect(() => deriveModel({ config, source: 'h' })).toThrow(/HubertForXVector/);
  });
});
