import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { writeJson } from '../../support/models.js';
import { deriveModel } from '../../../src/requests/derive-model.js';
import {
  elementsOf,
  exactMatch,
  type Tensors,
  verifyHeader,
} from '../../support/decoder-checkpoint.js';

// SigLIP 2. No exact published count was found (the Hub pages round: "375M params" for
// siglip2-base-patch16-224), so each total here is the sum of a checkpoint header written by hand
// from modeling_siglip2.py: nn.Linear stored [out, in], the vision tower's patch_embedding a Linear
// (3·16·16 = 768 → d), its position_embedding `num_patches` rows, nn.MultiheadAttention's fused
// in_proj [3d, d] in the pooling head, the text tower's head d → projection_size (d when None).
const config = {
  architectures: ['Siglip2Model'],
  model_type: 'siglip2',
  // siglip2-base-patch16-224's sizes (Gemma's 256k vocabulary, 196 patches), 2 layers a tower.
  text_config: { vocab_size: 256000, num_hidden_layers: 2 },
  vision_config: { num_patches: 196, num_hidden_layers: 2 },
};

/** One encoder layer's tensors under `prefix` (both towers: d 768, d_ff 3072). */
function layerTensors(prefix: string): Tensors {
  const entries: Tensors = [];
  for (const n of ['q_proj', 'k_proj', 'v_proj', 'out_proj'])
    entries.push(
      [`${prefix}.self_attn.${n}.weight`, [768, 768]],
      [`${prefix}.self_attn.${n}.bias`, [768]],
    );
  for (const n of ['layer_norm1', 'layer_norm2'])
    entries.push([`${prefix}.${n}.weight`, [768]], [`${prefix}.${n}.bias`, [768]]);
  entries.push(...mlpTensors(`${prefix}.mlp`));
  return entries;
}

const mlpTensors = (prefix: string): Tensors => [
  [`${prefix}.fc1.weight`, [3072, 768]],
  [`${prefix}.fc1.bias`, [3072]],
  [`${prefix}.fc2.weight`, [768, 3072]],
  [`${prefix}.fc2.bias`, [768]],
];

const textTensors = (): Tensors => [
  ['text_model.embeddings.token_embedding.weight', [256000, 768]],
  ['text_model.embeddings.position_embedding.weight', [64, 768]],
  ...[0, 1].flatMap((i) => layerTensors(`text_model.encoder.layers.${i}`)),
  ['text_model.final_layer_norm.weight', [768]],
  ['text_model.final_layer_norm.bias', [768]],
  ['text_model.head.weight', [768, 768]],
  ['text_model.head.bias', [768]],
];

const visionTensors = (): Tensors => [
  ['vision_model.embeddings.patch_embedding.weight', [768, 768]],
  ['vision_model.embeddings.patch_embedding.bias', [768]],
  ['vision_model.embeddings.position_embedding.weight', [196, 768]],
  ...[0, 1].flatMap((i) => layerTensors(`vision_model.encoder.layers.${i}`)),
  ['vision_model.post_layernorm.weight', [768]],
  ['vision_model.post_layernorm.bias', [768]],
  ['vision_model.head.probe', [1, 1, 768]],
  ['vision_model.head.attention.in_proj_weight', [2304, 768]],
  ['vision_model.head.attention.in_proj_bias', [2304]],
  ['vision_model.head.attention.out_proj.weight', [768, 768]],
  ['vision_model.head.attention.out_proj.bias', [768]],
  ['vision_model.head.layernorm.weight', [768]],
  ['vision_model.head.layernorm.bias', [768]],
  ...mlpTensors('vision_model.head.mlp'),
];

describe('siglip2 (SigLIP 2)', () => {
  it("matches a Siglip2Model checkpoint's header by every tensor name and shape", () => {
    const entries = [
      ...textTensors(),
      ...visionTensors(),
      ['logit_scale', [1]],
      ['logit_bias', [1]],
    ] as Tensors;
    const run = verifyHeader(config, entries);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(entries)));
  });

  it('counts each tower class alone, and the image classifier on the vision tower', () => {
    const derive = (className: string, extra: Record<string, unknown> = {}) =>
      deriveModel({ config: { ...config, ...extra }, source: 'siglip2', className });
    expect(derive('Siglip2TextModel')).toHaveParams(elementsOf(textTensors()));
    expect(derive('Siglip2VisionModel')).toHaveParams(elementsOf(visionTensors()));
    // classifier: Linear(vision_config.hidden_size, num_labels) on the mean patch token.
    expect(derive('Siglip2ForImageClassification', { num_labels: 10 })).toHaveParams(
      elementsOf(visionTensors()) + 768 * 10 + 10,
    );
  });

  it('reads the position rows from num_patches, not from an image size', () => {
    const run = verifyHeader(
      { ...config, vision_config: { num_patches: 256, num_hidden_layers: 2 } },
      [
        ...textTensors(),
        ...visionTensors().map(
          ([n, s]) =>
            [n, n.endsWith('position_embedding.weight') ? [256, 768] : s] as [string, number[]],
        ),
        ['logit_scale', [1]],
        ['logit_bias', [1]],
      ],
    );
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject({ match: true, missing: [], unexpected: [], mismatched: [] });
  });

  it('has a weight memory and no KV cache (an encoder); compute says why it is not given', () => {
    const path = writeJson(config);
    const memory = runCli(['memory', '--config', path, '--format', 'json']);
    expect(memory.code, memory.stderr).toBe(0);
    const total = elementsOf([...textTensors(), ...visionTensors()]) + 2;
    expect(JSON.parse(memory.stdout)).toMatchObject({
      weights_bytes: String(2 * total),
      kv_cache_bytes: null,
    });
    const flops = runCli(['flops', '--config', path]);
    expect(flops.code, flops.stderr).toBe(0);
    expect(flops.stdout).toMatch(/not given/);
  });
});
