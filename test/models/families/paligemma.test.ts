import { describe, expect, it } from 'vitest';
import { deriveModel } from '../../../src/requests/derive-model.js';
import {
  elementsOf,
  exactMatch,
  type Tensors,
  verifyHeader,
} from '../../support/decoder-checkpoint.js';
import { decoder, linear, siglipVision } from '../../support/vision-checkpoint.js';

// PaliGemma and PaliGemma 2. No fixture has an exact total (the model cards say 3B, 10B, 28B), so
// the truth is a header written by hand from modeling_paligemma.py: SiglipVisionModel under
// `model.vision_tower.vision_model` (no pooling head: vision_use_head false), the biased
// `multi_modal_projector.linear` to `projection_dim`, GemmaModel / Gemma2Model under
// `model.language_model`, the head tied (Gemma's default), so no `lm_head.weight`.
const vision = { d: 32, ff: 64, layers: 2, image: 28, patch: 14 };
const text = { d: 64, ff: 128, layers: 2, heads: 4, kv: 1, vocab: 100, headDim: 16 };
const visionConfig = {
  model_type: 'siglip_vision_model',
  hidden_size: 32,
  intermediate_size: 64,
  num_hidden_layers: 2,
  num_attention_heads: 2,
  image_size: 28,
  patch_size: 14,
  vision_use_head: false,
};
const textConfig = {
  hidden_size: 64,
  intermediate_size: 128,
  num_hidden_layers: 2,
  num_attention_heads: 4,
  num_key_value_heads: 1,
  head_dim: 16,
  vocab_size: 100,
};
const config = (textType: string) => ({
  model_type: 'paligemma',
  architectures: ['PaliGemmaForConditionalGeneration'],
  projection_dim: 64,
  vision_config: visionConfig,
  text_config: { ...textConfig, model_type: textType },
});
const tensors = (norms: string[]): Tensors => [
  ...siglipVision('model.vision_tower.vision_model', vision, false),
  ...linear('model.multi_modal_projector.linear', 64, vision.d, true),
  ...decoder('model.language_model', text, { norms }),
];
const gemmaNorms = ['input_layernorm', 'post_attention_layernorm'];
const gemma2Norms = [...gemmaNorms, 'pre_feedforward_layernorm', 'post_feedforward_layernorm'];

describe.each([
  ['PaliGemma (Gemma)', 'gemma', gemmaNorms],
  ['PaliGemma 2 (Gemma 2)', 'gemma2', gemma2Norms],
])('%s', (_, textType, norms) => {
  it('matches a header written from the modeling code, name by name', () => {
    const run = verifyHeader(config(textType), tensors(norms));
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(tensors(norms))));
  });

  it('reads the older layout (language_model.model.…)', () => {
    const legacy: Tensors = tensors(norms).map(([name, shape]) => [
      name.replace(/^model\.language_model\./, 'language_model.model.').replace(/^model\./, ''),
      shape,
    ]);
    const run = verifyHeader(config(textType), legacy);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(tensors(norms))));
  });
});

describe('paligemma', () => {
  it('an untied composite adds lm_head [vocab, d_text]', () => {
    // transformers 5 ties by PaliGemmaConfig's own flag (default True), never text_config's.
    const base = config('gemma');
    const untiedText = {
      ...base,
      text_config: { ...base.text_config, tie_word_embeddings: false },
    };
    const total = (c: Record<string, unknown>) => deriveModel({ config: c, source: 'test' }).total;
    expect(total({ ...base, tie_word_embeddings: false })).toBe(
      BigInt(elementsOf(tensors(gemmaNorms)) + text.vocab * text.d),
    );
    expect(total(untiedText)).toBe(BigInt(elementsOf(tensors(gemmaNorms))));
  });

  it('the projector follows projection_dim, not the tower or the text width', () => {
    const wide = deriveModel({ config: { ...config('gemma'), projection_dim: 96 }, source: 't' });
    expect(wide.total).toBe(BigInt(elementsOf(tensors(gemmaNorms)) + (96 - 64) * (vision.d + 1)));
  });

  it('the base class holds every parameter (the head is tied)', () => {
    const report = deriveModel({
      config: config('gemma'),
      source: 't',
      className: 'PaliGemmaModel',
    });
    expect(report.total).toBe(BigInt(elementsOf(tensors(gemmaNorms))));
  });
});
