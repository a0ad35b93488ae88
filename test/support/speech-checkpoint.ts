import type { Tensors } from './decoder-checkpoint.js';

// Written by hand from modeling_wav2vec2.py (HuBERT reuses its modules): base-size widths, d 768,
// 512 conv channels, the positional conv's k 128 and 16 groups.

/** The base model's tensors under `p`, the positional conv's weights named the old way or the new. */
export function speechTensors(
  p: string,
  o: { layers: number; oldNames: boolean; groupNorm?: boolean; projectionNorm?: boolean },
): Tensors {
  const kernels = [10, 3, 3, 3, 3, 2, 2];
  const entries: Tensors = kernels.map((k, i) => [
    `${p}feature_extractor.conv_layers.${i}.conv.weight`,
    [512, i === 0 ? 1 : 512, k],
  ]);
  if (o.groupNorm !== false)
    entries.push(
      [`${p}feature_extractor.conv_layers.0.layer_norm.weight`, [512]],
      [`${p}feature_extractor.conv_layers.0.layer_norm.bias`, [512]],
    );
  else
    for (let i = 0; i < 7; i++)
      entries.push(
        [`${p}feature_extractor.conv_layers.${i}.layer_norm.weight`, [512]],
        [`${p}feature_extractor.conv_layers.${i}.layer_norm.bias`, [512]],
      );
  if (o.projectionNorm !== false)
    entries.push(
      [`${p}feature_projection.layer_norm.weight`, [512]],
      [`${p}feature_projection.layer_norm.bias`, [512]],
    );
  const conv = `${p}encoder.pos_conv_embed.conv`;
  entries.push(
    [`${p}feature_projection.projection.weight`, [768, 512]],
    [`${p}feature_projection.projection.bias`, [768]],
    [`${p}masked_spec_embed`, [768]],
    [o.oldNames ? `${conv}.weight_g` : `${conv}.parametrizations.weight.original0`, [1, 1, 128]],
    [o.oldNames ? `${conv}.weight_v` : `${conv}.parametrizations.weight.original1`, [768, 48, 128]],
    [`${conv}.bias`, [768]],
    [`${p}encoder.layer_norm.weight`, [768]],
    [`${p}encoder.layer_norm.bias`, [768]],
  );
  for (let i = 0; i < o.layers; i++) {
    const l = `${p}encoder.layers.${i}`;
    for (const n of ['q_proj', 'k_proj', 'v_proj', 'out_proj'])
      entries.push([`${l}.attention.${n}.weight`, [768, 768]], [`${l}.attention.${n}.bias`, [768]]);
    for (const n of ['layer_norm', 'final_layer_norm'])
      entries.push([`${l}.${n}.weight`, [768]], [`${l}.${n}.bias`, [768]]);
    entries.push(
      [`${l}.feed_forward.intermediate_dense.weight`, [3072, 768]],
      [`${l}.feed_forward.intermediate_dense.bias`, [3072]],
      [`${l}.feed_forward.output_dense.weight`, [768, 3072]],
      [`${l}.feed_forward.output_dense.bias`, [768]],
    );
  }
  return entries;
}
