import { mul, num, type Expr } from '../../expr/nodes.js';
import { fieldError } from '../../errors/user-error.js';
import type { ConfigFields } from '../config/config-fields.js';
import type { ModuleSpec } from '../spec/model-spec.js';
import { blocks, layerNormBlock, patchEmbed, visualModule, widths } from './qwen-vision.js';
import type { NestedTower, VisionTowerKind } from './vision-towers.js';

/**
 * Qwen3-VL's vision tower (`Qwen3VLVisionModel`, modeling_qwen3_vl.py), under `visual`: a biased
 * Conv3d patch embedding, a learned position table `pos_embed`, `depth` blocks (LayerNorm
 * `norm1`/`norm2`, fused biased `attn.qkv` and `attn.proj`, a `linear_fc1`/`linear_fc2` MLP with
 * biases), the `merger` and one DeepStack merger per `deepstack_visual_indexes` entry, which feed
 * those blocks' features to the language model's first layers. Qwen3-VL-MoE's tower is the same.
 */
const qwen3Vision = {
  modelTypes: ['qwen3_vl_vision'],
  defaults: {
    depth: 27,
    hidden_size: 1152,
    intermediate_size: 4304,
    num_heads: 16,
    in_channels: 3, // Qwen3-VL's configs write it; the class default
    patch_size: 16,
    spatial_merge_size: 2,
    temporal_patch_size: 2,
    out_hidden_size: 3584,
    num_position_embeddings: 2304, // a 48 × 48 grid of learned positions, interpolated
    deepstack_visual_indexes: [8, 16, 24],
  },
};

/**
 * Qwen3.5's vision tower (`Qwen3_5VisionModel`, modeling_qwen3_5.py): Qwen3-VL's without the
 * DeepStack mergers (its config class has no `deepstack_visual_indexes`). Qwen3.5-MoE's is the same.
 */
const qwen35Vision = {
  modelTypes: ['qwen3_5_vision'],
  defaults: {
    depth: 27,
    hidden_size: 1152,
    intermediate_size: 4304,
    num_heads: 16,
    in_channels: 3, // Qwen3.5's configs write it; the class default
    patch_size: 16,
    spatial_merge_size: 2,
    temporal_patch_size: 2,
    out_hidden_size: 3584,
    num_position_embeddings: 2304, // a 48 × 48 grid of learned positions, interpolated
  },
};

/**
 * `Qwen3VLVisionPatchMerger`: a LayerNorm over the width (`merger`) or, with
 * `use_postshuffle_norm` (the DeepStack mergers), over the m² merged patches; then `linear_fc1`
 * (d·m² → d·m²) and `linear_fc2` to `out_hidden_size`, both biased.
 */
function merger(config: ConfigFields, d: Expr, key: string, postShuffleNorm: boolean): ModuleSpec {
  const m = config.size('spatial_merge_size');
  const merged = mul(num(m * m), d);
  return {
    kind: 'group',
    key,
    name: postShuffleNorm ? 'DeepStack merger' : 'patch merger',
    label: 'merger',
    children: [
      {
        kind: 'norm',
        type: 'layernorm',
        key: 'norm',
        // The post-shuffle norm has its own count: its own label, or the clash rule would name it
        // `merger,2`, which prints as linear_fc2's `merger,2`.
        label: postShuffleNorm ? 'merger,post' : 'merger',
        dim: postShuffleNorm ? merged : d,
      },
      { kind: 'linear', key: 'linear_fc1', label: 'merger,1', in: merged, out: merged, bias: true },
      {
        kind: 'linear',
        key: 'linear_fc2',
        label: 'merger,2',
        in: merged,
        out: num(config.size('out_hidden_size')),
        bias: true,
      },
    ],
  };
}

/** The layers whose features DeepStack merges: `deepstack_visual_indexes`, a list. */
function deepstackCount(config: ConfigFields): number {
  const indexes = config.value('deepstack_visual_indexes');
  if (!Array.isArray(indexes))
    throw fieldError('vision_config.deepstack_visual_indexes', indexes, 'a list of layer indices');
  return indexes.length;
}

/** A Qwen3-VL-style tower over its config class's defaults; DeepStack mergers where it has them. */
const qwen3StyleTower = (
  description: { modelTypes: string[]; defaults: Record<string, unknown> },
  name: string,
  deepstack: boolean,
): VisionTowerKind => ({
  defaults: description.defaults,
  declaredBy: description.modelTypes[0]!,
  build: (config, sizes): NestedTower => {
    const { d, layers } = widths(config, sizes, 'hidden_size');
    const f = sizes.bind('f_vis', config.size('intermediate_size'));
    const block = layerNormBlock(d, f, { up: 'linear_fc1', down: 'linear_fc2' });
    const mergers = deepstack ? deepstackCount(config) : 0;
    return {
      d,
      module: visualModule(`vision tower (${name})`, [
        patchEmbed(config, sizes, d, true),
        {
          kind: 'embedding',
          key: 'pos_embed',
          name: 'learned position embeddings',
          label: 'pos,vis',
          role: 'position-embedding',
          rows: num(config.size('num_position_embeddings')),
          dim: d,
        },
        blocks(layers, block),
        merger(config, d, 'merger', false),
        ...(mergers > 0
          ? [
              {
                kind: 'repeat',
                key: 'deepstack_merger_list',
                name: 'DeepStack mergers',
                label: 'deepstack',
                count: num(mergers),
                child: merger(config, d, 'merger', true),
              } as ModuleSpec,
            ]
          : []),
      ]),
    };
  },
});

/** Qwen3-VL's tower, by `vision_config.model_type` `qwen3_vl` (and Qwen3-VL-MoE's). */
export const qwen3VisionTower = qwen3StyleTower(qwen3Vision, 'Qwen3VLVisionModel', true);

/** Qwen3.5's tower, by `vision_config.model_type` `qwen3_5_vision` (and Qwen3.5-MoE's). */
export const qwen35VisionTower = qwen3StyleTower(qwen35Vision, 'Qwen3_5VisionModel', false);
