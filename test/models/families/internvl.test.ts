import { describe, expect, it } from 'vitest';
import { deriveModel } from '../../../src/requests/derive-model.js';
import {
  elementsOf,
  exactMatch,
  type Tensors,
  verifyHeader,
} from '../../support/decoder-checkpoint.js';
import { decoder, layerNorm, linear, rmsNorm } from '../../support/vision-checkpoint.js';

// InternVL (the `-hf` checkpoints, InternVL3-1B-hf …). No fixture has an exact total, so the truth
// is a header written by hand from modeling_internvl.py: InternVLVisionModel right under
// `model.vision_tower` (cls_token, patch_embeddings.projection, position_embeddings [1, n+1, d];
// per `encoder.layer`: q/k/v_proj biased by attention_bias, a biased projection_layer, q/k RMSNorms
// when use_qk_norm, fc1/fc2, layernorm_before/after, lambda_1/lambda_2; a final layernorm only
// without mean pooling), the projector's LayerNorm over d_vis·4 and linear_1/linear_2, the
// language model under `model.language_model`, an untied lm_head (the top-level
// `tie_word_embeddings: false`: InternVLConfig's own default is True, and transformers 5 reads the
// composite's flag, never text_config's).
const d = 32;
const text = { d: 64, ff: 128, layers: 2, heads: 4, kv: 2, vocab: 100, headDim: 16 };
interface Vision {
  qkNorm: boolean;
  bias: boolean;
  rms: boolean;
  meanPooling: boolean;
  mask: boolean;
}

function internvit(prefix: string, o: Vision): Tensors {
  const norm = o.rms ? rmsNorm : layerNorm;
  const out: Tensors = [
    [`${prefix}.embeddings.cls_token`, [1, 1, d]],
    ...(o.mask ? ([[`${prefix}.embeddings.mask_token`, [1, 1, d]]] as Tensors) : []),
    [`${prefix}.embeddings.patch_embeddings.projection.weight`, [d, 3, 14, 14]],
    [`${prefix}.embeddings.patch_embeddings.projection.bias`, [d]],
    [`${prefix}.embeddings.position_embeddings`, [1, 4 + 1, d]],
  ];
  for (let i = 0; i < 2; i++) {
    const l = `${prefix}.encoder.layer.${i}`;
    out.push(
      ...['q_proj', 'k_proj', 'v_proj'].flatMap((n) => linear(`${l}.attention.${n}`, d, d, o.bias)),
      ...linear(`${l}.attention.projection_layer`, d, d, true),
      ...(o.qkNorm
        ? [...rmsNorm(`${l}.attention.q_norm`, d), ...rmsNorm(`${l}.attention.k_norm`, d)]
        : []),
      ...linear(`${l}.mlp.fc1`, 64, d, true),
      ...linear(`${l}.mlp.fc2`, d, 64, true),
      ...norm(`${l}.layernorm_before`, d),
      ...norm(`${l}.layernorm_after`, d),
      [`${l}.lambda_1`, [d]],
      [`${l}.lambda_2`, [d]],
    );
  }
  if (!o.meanPooling) out.push(...layerNorm(`${prefix}.layernorm`, d));
  return out;
}

const config = (o: Vision, textType: string) => ({
  model_type: 'internvl',
  architectures: ['InternVLForConditionalGeneration'],
  tie_word_embeddings: false,
  vision_config: {
    model_type: 'internvl_vision',
    hidden_size: d,
    intermediate_size: 64,
    num_hidden_layers: 2,
    num_attention_heads: 2,
    image_size: [28, 28],
    patch_size: [14, 14],
    attention_bias: o.bias,
    use_qk_norm: o.qkNorm,
    norm_type: o.rms ? 'rms_norm' : 'layer_norm',
    use_mean_pooling: o.meanPooling,
    use_mask_token: o.mask,
  },
  text_config: {
    model_type: textType,
    hidden_size: 64,
    intermediate_size: 128,
    num_hidden_layers: 2,
    num_attention_heads: 4,
    num_key_value_heads: 2,
    head_dim: 16,
    vocab_size: 100,
  },
});

const tensors = (o: Vision, textType: string): Tensors => [
  ...internvit('model.vision_tower', o),
  ...layerNorm('model.multi_modal_projector.layer_norm', d * 4),
  ...linear('model.multi_modal_projector.linear_1', text.d, d * 4, true),
  ...linear('model.multi_modal_projector.linear_2', text.d, text.d, true),
  ...decoder('model.language_model', text, {
    qkvBias: textType === 'qwen2',
    qkNorm: textType === 'qwen3',
  }),
  ['lm_head.weight', [text.vocab, text.d]],
];

const internvl3 = { qkNorm: false, bias: true, rms: false, meanPooling: true, mask: false };
const internvit6b = { qkNorm: true, bias: false, rms: true, meanPooling: false, mask: true };

describe.each([
  ['InternVL 3 (InternViT-300M, Qwen2)', internvl3, 'qwen2'],
  ['InternViT-6B style (q/k norms, RMSNorms, final norm, mask token; Qwen3)', internvit6b, 'qwen3'],
] as const)('internvl: %s', (_, vision, textType) => {
  it('matches a header written from the modeling code, name by name', () => {
    const run = verifyHeader(config(vision, textType), tensors(vision, textType));
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(tensors(vision, textType))));
  });
});

describe('internvl', () => {
  it('reads the older layout (language_model.model.…, vision_tower.…)', () => {
    const legacy: Tensors = tensors(internvl3, 'qwen2').map(([name, shape]) => [
      name
        .replace(/^model\.language_model\./, 'language_model.model.')
        .replace(/^lm_head\./, 'language_model.lm_head.')
        .replace(/^model\./, ''),
      shape,
    ]);
    const run = verifyHeader(config(internvl3, 'qwen2'), legacy);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(tensors(internvl3, 'qwen2'))));
  });

  it('an int image_size and patch_size read as squares', () => {
    const base = config(internvl3, 'qwen2');
    const report = deriveModel({
      config: { ...base, vision_config: { ...base.vision_config, image_size: 28, patch_size: 14 } },
      source: 't',
    });
    expect(report.total).toBe(BigInt(elementsOf(tensors(internvl3, 'qwen2'))));
  });

  it('a norm_type it does not know is a UserError naming the field', () => {
    const base = config(internvl3, 'qwen2');
    expect(() =>
      deriveModel({
        config: { ...base, vision_config: { ...base.vision_config, norm_type: 'batch_norm' } },
        source: 't',
      }),
    ).toThrow(/vision_config\.norm_type/);
  });
});
