import { describe, expect, it } from 'vitest';
import { deriveModel } from '../../../src/requests/derive-model.js';
import {
  elementsOf,
  exactMatch,
  type Tensors,
  verifyHeader,
} from '../../support/decoder-checkpoint.js';
import { clipVision, decoder, linear, siglipVision } from '../../support/vision-checkpoint.js';

// LLaVA-NeXT and LLaVA-OneVision. No fixture or model card gives an exact total for either, so the
// truth here is a checkpoint header written by hand from modeling_llava_next.py and
// modeling_llava_onevision.py: the vision tower under `model.vision_tower.vision_model`, the
// projector's biased linear_1/linear_2, `model.image_newline` [d_text], the language model under
// `model.language_model`, an untied lm_head. Small sizes keep the headers short.
const vision = { d: 32, ff: 64, layers: 2, image: 28, patch: 14 };
const text = { d: 64, ff: 128, layers: 2, heads: 4, kv: 2, vocab: 100 };
const visionConfig = {
  hidden_size: 32,
  intermediate_size: 64,
  num_hidden_layers: 2,
  num_attention_heads: 2,
  image_size: 28,
  patch_size: 14,
};
const textConfig = {
  hidden_size: 64,
  intermediate_size: 128,
  num_hidden_layers: 2,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  vocab_size: 100,
  tie_word_embeddings: false,
};

const projector = (bias: boolean): Tensors => [
  ...linear('model.multi_modal_projector.linear_1', text.d, vision.d, bias),
  ...linear('model.multi_modal_projector.linear_2', text.d, text.d, bias),
];

const next = {
  model_type: 'llava_next',
  architectures: ['LlavaNextForConditionalGeneration'],
  vision_config: { ...visionConfig, model_type: 'clip_vision_model' },
  text_config: { ...textConfig, model_type: 'llama' },
};
const nextTensors: Tensors = [
  ...clipVision('model.vision_tower.vision_model', vision),
  ...projector(true),
  ['model.image_newline', [text.d]],
  ...decoder('model.language_model', text),
  ['lm_head.weight', [text.vocab, text.d]],
];

const onevision = {
  model_type: 'llava_onevision',
  architectures: ['LlavaOnevisionForConditionalGeneration'],
  vision_config: { ...visionConfig, model_type: 'siglip_vision_model', vision_use_head: false },
  text_config: { ...textConfig, model_type: 'qwen2' },
};
const onevisionTensors: Tensors = [
  ...siglipVision('model.vision_tower.vision_model', vision, false),
  ...projector(true),
  ['model.image_newline', [text.d]],
  ...decoder('model.language_model', text, { qkvBias: true }),
  ['lm_head.weight', [text.vocab, text.d]],
];

/** The same tensors as the Hub's checkpoints name them (`_checkpoint_conversion_mapping` read backwards). */
const legacy = (tensors: Tensors): Tensors =>
  tensors.map(([name, shape]) => [
    name
      .replace(/^model\.language_model\./, 'language_model.model.')
      .replace(/^lm_head\./, 'language_model.lm_head.')
      .replace(/^model\./, ''),
    shape,
  ]);

describe.each([
  ['llava_next', next, nextTensors],
  ['llava_onevision', onevision, onevisionTensors],
] as const)('%s', (_, config, tensors) => {
  it('matches a header written from the modeling code, name by name', () => {
    const run = verifyHeader(config, tensors);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(tensors)));
  });

  it('reads the older layout (language_model.model.…, a bare image_newline)', () => {
    const run = verifyHeader(config, legacy(tensors));
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(tensors)));
  });

  it('the base class is the generation class without lm_head', () => {
    const report = deriveModel({
      config,
      source: 'test',
      className: config.architectures[0]!.replace('ForConditionalGeneration', 'Model'),
    });
    expect(report.total).toBe(BigInt(elementsOf(tensors) - text.vocab * text.d));
  });
});

describe('llava_next and llava_onevision defaults', () => {
  it('OneVision takes a SigLIP tower and a Qwen2 language model when the types are not given', () => {
    const { model_type: _v, ...v } = onevision.vision_config;
    const { model_type: _t, ...t } = onevision.text_config;
    const report = deriveModel({
      config: { ...onevision, vision_config: v, text_config: t },
      source: 'test',
    });
    expect(report.total).toBe(BigInt(elementsOf(onevisionTensors)));
  });

  it('the KV cache is the language model’s', () => {
    const composite = deriveModel({ config: next, source: 'test' });
    const alone = deriveModel({ config: next.text_config, source: 'test' });
    expect(composite.model?.kvCache).toEqual(alone.model?.kvCache);
  });
});
