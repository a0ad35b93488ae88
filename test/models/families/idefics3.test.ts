import { describe, expect, it } from 'vitest';
import { deriveModel } from '../../../src/requests/derive-model.js';
import {
  elementsOf,
  exactMatch,
  type Tensors,
  verifyHeader,
} from '../../support/decoder-checkpoint.js';
import { decoder, linear, siglipVision } from '../../support/vision-checkpoint.js';

// Idefics3 and SmolVLM. No fixture has an exact total (the model cards say 8B, 2B, 256M), so the
// truth is a header written by hand from modeling_idefics3.py and modeling_smolvlm.py: the vision
// transformer under `model.vision_model` (SigLIP's names, no pooling head), the connector's
// bias-free `modality_projection.proj` [d_text, d_vis·2²], the Llama text model under
// `model.text_model`, lm_head [V, d_text] (untied by default).
const vision = { d: 32, ff: 64, layers: 2, image: 64, patch: 32 };
const text = { d: 64, ff: 128, layers: 2, heads: 4, kv: 2, vocab: 100 };
const config = (modelType: string, visionType: string) => ({
  model_type: modelType,
  vision_config: {
    model_type: visionType,
    hidden_size: 32,
    intermediate_size: 64,
    num_hidden_layers: 2,
    num_attention_heads: 2,
    image_size: 64,
  },
  text_config: {
    model_type: 'llama',
    hidden_size: 64,
    intermediate_size: 128,
    num_hidden_layers: 2,
    num_attention_heads: 4,
    num_key_value_heads: 2,
    vocab_size: 100,
  },
});
const tensors: Tensors = [
  ...siglipVision('model.vision_model', vision, false),
  ...linear('model.connector.modality_projection.proj', text.d, vision.d * 4, false),
  ...decoder('model.text_model', text),
  ['lm_head.weight', [text.vocab, text.d]],
];

describe.each([
  ['idefics3', 'idefics3_vision', 'Idefics3'],
  ['smolvlm', 'smolvlm_vision', 'SmolVLM'],
])('%s', (modelType, visionType, prefix) => {
  it('matches a header written from the modeling code, name by name', () => {
    const run = verifyHeader(config(modelType, visionType), tensors);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(tensors)));
  });

  it('builds its own vision config whatever model_type vision_config writes', () => {
    const other = deriveModel({ config: config(modelType, 'idefics3'), source: 't' });
    expect(other.total).toBe(BigInt(elementsOf(tensors)));
  });

  it('the base class is the generation class without lm_head', () => {
    const report = deriveModel({
      config: config(modelType, visionType),
      source: 't',
      className: `${prefix}Model`,
    });
    expect(report.total).toBe(BigInt(elementsOf(tensors) - text.vocab * text.d));
  });
});

describe('idefics3 connector', () => {
  it('scale_factor widens the projection by s²', () => {
    const wide = deriveModel({
      config: { ...config('idefics3', 'idefics3_vision'), scale_factor: 3 },
      source: 't',
    });
    expect(wide.total).toBe(BigInt(elementsOf(tensors) + (9 - 4) * vision.d * text.d));
  });
});
