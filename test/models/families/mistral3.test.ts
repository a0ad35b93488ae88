import { describe, expect, it } from 'vitest';
import { deriveModel } from '../../../src/requests/derive-model.js';
import {
  elementsOf,
  exactMatch,
  type Tensors,
  verifyHeader,
} from '../../support/decoder-checkpoint.js';
import { decoder, linear, rmsNorm } from '../../support/vision-checkpoint.js';

// Mistral 3 (Mistral Small 3.1). No fixture has an exact total (the model card says 24B), so the
// truth is a header written by hand from modeling_pixtral.py and modeling_mistral3.py:
// PixtralVisionModel right under `model.vision_tower` (patch_conv without bias, ln_pre, per layer
// attention_norm, bias-free q/k/v/o_proj, ffn_norm, bias-free gate/up/down feed_forward; no final
// norm), the projector's norm, patch_merger.merging_layer [d_vis, d_vis·2²], linear_1/linear_2,
// MistralModel under `model.language_model`, an untied lm_head (Mistral's default).
const v = { d: 32, ff: 64, layers: 2, patch: 14 };
const text = { d: 64, ff: 128, layers: 2, heads: 4, kv: 2, vocab: 100 };
const config = {
  model_type: 'mistral3',
  architectures: ['Mistral3ForConditionalGeneration'],
  vision_config: {
    model_type: 'pixtral',
    hidden_size: 32,
    intermediate_size: 64,
    num_hidden_layers: 2,
    num_attention_heads: 2,
    image_size: 56,
    patch_size: 14,
  },
  text_config: {
    model_type: 'mistral',
    hidden_size: 64,
    intermediate_size: 128,
    num_hidden_layers: 2,
    num_attention_heads: 4,
    num_key_value_heads: 2,
    vocab_size: 100,
  },
};

function pixtral(prefix: string): Tensors {
  const out: Tensors = [
    [`${prefix}.patch_conv.weight`, [v.d, 3, v.patch, v.patch]],
    ...rmsNorm(`${prefix}.ln_pre`, v.d),
  ];
  for (let i = 0; i < v.layers; i++) {
    const l = `${prefix}.transformer.layers.${i}`;
    out.push(
      ...rmsNorm(`${l}.attention_norm`, v.d),
      ...['q_proj', 'k_proj', 'v_proj', 'o_proj'].flatMap((n) =>
        linear(`${l}.attention.${n}`, v.d, v.d, false),
      ),
      ...rmsNorm(`${l}.ffn_norm`, v.d),
      ...linear(`${l}.feed_forward.gate_proj`, v.ff, v.d, false),
      ...linear(`${l}.feed_forward.up_proj`, v.ff, v.d, false),
      ...linear(`${l}.feed_forward.down_proj`, v.d, v.ff, false),
    );
  }
  return out;
}

const projector = (bias: boolean): Tensors => [
  ...rmsNorm('model.multi_modal_projector.norm', v.d),
  ...linear('model.multi_modal_projector.patch_merger.merging_layer', v.d, v.d * 4, false),
  ...linear('model.multi_modal_projector.linear_1', text.d, v.d, bias),
  ...linear('model.multi_modal_projector.linear_2', text.d, text.d, bias),
];

const tensors = (bias: boolean): Tensors => [
  ...pixtral('model.vision_tower'),
  ...projector(bias),
  ...decoder('model.language_model', text),
  ['lm_head.weight', [text.vocab, text.d]],
];

describe('mistral3', () => {
  it('matches a header written from the modeling code, name by name', () => {
    const run = verifyHeader(config, tensors(false));
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(tensors(false))));
  });

  it('reads the older layout (language_model.model.…, vision_tower.…)', () => {
    const legacy: Tensors = tensors(false).map(([name, shape]) => [
      name
        .replace(/^model\.language_model\./, 'language_model.model.')
        .replace(/^lm_head\./, 'language_model.lm_head.')
        .replace(/^model\./, ''),
      shape,
    ]);
    const run = verifyHeader(config, legacy);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(tensors(false))));
  });

  it('multimodal_projector_bias biases linear_1 and linear_2', () => {
    const biased = { ...config, multimodal_projector_bias: true };
    const run = verifyHeader(biased, tensors(true));
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(tensors(true))));
  });

  it('spatial_merge_size widens the merging layer by m²', () => {
    const wide = deriveModel({ config: { ...config, spatial_merge_size: 3 }, source: 't' });
    expect(wide.total).toBe(BigInt(elementsOf(tensors(false)) + (9 - 4) * v.d * v.d));
  });

  it('the KV cache is the language model’s', () => {
    const composite = deriveModel({ config, source: 't' });
    const alone = deriveModel({ config: config.text_config, source: 't' });
    expect(composite.model?.kvCache).toEqual(alone.model?.kvCache);
  });
});
