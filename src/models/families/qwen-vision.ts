import { mul, num, type Expr } from '../../expr/nodes.js';
import { fieldError } from '../../errors/user-error.js';
import { requireMultiple, type ConfigFields } from '../config/config-fields.js';
import type { ModuleSpec } from '../spec/model-spec.js';
import type { SizeBook } from './building-blocks.js';
import type { NestedTower, VisionTowerKind } from './vision-towers.js';

/**
 * Qwen2.5-VL's vision tower (`Qwen2_5_VisionTransformerPretrainedModel`, modeling_qwen2_5_vl.py),
 * under `visual`: a bias-free Conv3d patch embedding over `temporal_patch_size` frames, `depth`
 * blocks (RMSNorm `norm1`/`norm2`, a fused biased `attn.qkv` and `attn.proj`, a SwiGLU MLP with
 * biases) and the `merger` into the language model's width. Its rotary tables are buffers.
 */
const qwen25Vision = {
  modelTypes: ['qwen2_5_vl_vision'],
  defaults: {
    depth: 32,
    hidden_size: 3584, // Qwen2_5_VLVisionConfig's own default (the 7B writes 1280)
    intermediate_size: 3420,
    num_heads: 16,
    in_channels: 3, // Qwen2.5-VL-7B writes `in_chans`, which the config class does not read
    patch_size: 14,
    spatial_merge_size: 2,
    temporal_patch_size: 2,
    out_hidden_size: 3584,
  },
};

/**
 * Qwen2-VL's vision tower (`Qwen2VisionTransformerPretrainedModel`, modeling_qwen2_vl.py): as
 * Qwen2.5-VL's, but `embed_dim` wide, LayerNorm `norm1`/`norm2`/`ln_q`, an fc1/fc2 MLP of
 * `int(embed_dim · mlp_ratio)`, and the merger into `hidden_size`.
 */
const qwen2Vision = {
  modelTypes: ['qwen2_vl_vision'],
  defaults: {
    depth: 32,
    embed_dim: 1280,
    hidden_size: 3584, // the merger's output: the language model's width
    mlp_ratio: 4,
    num_heads: 16,
    in_channels: 3, // Qwen2-VL's configs write `in_chans`, which the config class does not read
    patch_size: 14,
    spatial_merge_size: 2,
    temporal_patch_size: 2,
  },
};

/** The tower's width (`widthField`) and depth, read from its config; the heads must divide the width. */
export function widths(config: ConfigFields, sizes: SizeBook, widthField: string) {
  const width = config.size(widthField);
  requireMultiple(
    `vision_config.${widthField}`,
    width,
    'vision_config.num_heads',
    config.size('num_heads'),
  );
  return { d: sizes.bind('d_vis', width), layers: sizes.bind('L_vis', config.size('depth')) };
}

/** `int(embed_dim * mlp_ratio)`, as Qwen2VLVisionBlock sizes its MLP. */
function mlpWidth(config: ConfigFields, width: bigint): bigint {
  const ratio = config.value('mlp_ratio');
  if (typeof ratio !== 'number' || !(ratio > 0))
    throw fieldError('vision_config.mlp_ratio', ratio, 'a positive number');
  if (Number.isInteger(ratio)) return width * BigInt(ratio);
  return BigInt(Math.trunc(Number(width) * ratio));
}

/** The `blocks` of a tower: `depth` copies of `block`. */
export const blocks = (layers: Expr, block: ModuleSpec): ModuleSpec => ({
  kind: 'repeat',
  key: 'blocks',
  name: 'vision blocks',
  label: 'blocks,vis',
  count: layers,
  child: block,
});

/** `patch_embed.proj`: Conv3d from the channels to the width, kernel (t, p, p); biased from Qwen3-VL on. */
export function patchEmbed(
  config: ConfigFields,
  sizes: SizeBook,
  d: Expr,
  bias = false,
): ModuleSpec {
  const p = sizes.bind('p', config.size('patch_size'));
  return {
    kind: 'group',
    key: 'patch_embed',
    name: 'patch embedding',
    label: 'patch',
    children: [
      {
        kind: 'conv',
        key: 'proj',
        name: 'patch projection (Conv3d)',
        label: 'patch',
        role: 'embedding',
        in: sizes.bind('C_in', config.size('in_channels')),
        out: d,
        kernel: [num(config.size('temporal_patch_size')), p, p],
        bias,
      },
    ],
  };
}

/** The fused attention of a vision block: `qkv` (d → 3d) and `proj` (d → d), both biased. */
export function blockAttention(d: Expr): ModuleSpec {
  return {
    kind: 'group',
    key: 'attn',
    name: 'vision attention',
    label: 'attn,vis',
    children: [
      { kind: 'linear', key: 'qkv', label: 'qkv', in: d, out: mul(num(3), d), bias: true },
      { kind: 'linear', key: 'proj', label: 'o', in: d, out: d, bias: true },
    ],
  };
}

/**
 * The patch merger (`Qwen2_5_VLPatchMerger`): `ln_q` over the width, then `mlp.0` on the m² merged
 * patches (d·m² → d·m²) and `mlp.2` to `out_hidden_size`; the GELU at `mlp.1` has no parameters.
 */
function patchMerger(
  config: ConfigFields,
  d: Expr,
  norm: 'rmsnorm' | 'layernorm',
  outField: string,
): ModuleSpec {
  const m = config.size('spatial_merge_size');
  const merged = mul(num(m * m), d);
  return {
    kind: 'group',
    key: 'merger',
    name: 'patch merger',
    label: 'merger',
    children: [
      { kind: 'norm', type: norm, key: 'ln_q', label: 'ln,q', dim: d },
      {
        kind: 'group',
        key: 'mlp',
        name: 'merger MLP',
        label: 'merger,mlp',
        children: [
          { kind: 'linear', key: '0', label: 'merger,1', in: merged, out: merged, bias: true },
          {
            kind: 'linear',
            key: '2',
            label: 'merger,2',
            in: merged,
            out: num(config.size(outField)),
            bias: true,
          },
        ],
      },
    ],
  };
}

/**
 * A vision block of LayerNorms `norm1`/`norm2`, the fused attention and an ungated biased MLP
 * (Qwen2-VL's `fc1`/`fc2`, Qwen3-VL's `linear_fc1`/`linear_fc2`).
 */
export function layerNormBlock(
  d: Expr,
  f: Expr,
  keys: { readonly up: string; readonly down: string },
): ModuleSpec {
  return {
    kind: 'group',
    key: 'block',
    name: 'vision block',
    label: 'block,vis',
    children: [
      { kind: 'norm', type: 'layernorm', key: 'norm1', label: 'N1,vis', dim: d },
      { kind: 'norm', type: 'layernorm', key: 'norm2', label: 'N2,vis', dim: d },
      blockAttention(d),
      { kind: 'mlp', key: 'mlp', d, dFF: f, gated: false, bias: true, keys },
    ],
  };
}

/** The tower as a composite nests it: `visual`, role `tower` (per-token FLOPs leave it out). */
export function visualModule(name: string, children: ModuleSpec[]): ModuleSpec {
  return { kind: 'group', key: 'visual', name, label: 'vis', role: 'tower', children };
}

/** Qwen2.5-VL's tower, by `vision_config.model_type` `qwen2_5_vl`. */
export const qwen25VisionTower: VisionTowerKind = {
  defaults: qwen25Vision.defaults,
  declaredBy: qwen25Vision.modelTypes[0]!,
  build: (config, sizes): NestedTower => {
    const { d, layers } = widths(config, sizes, 'hidden_size');
    const f = sizes.bind('f_vis', config.size('intermediate_size'));
    const block: ModuleSpec = {
      kind: 'group',
      key: 'block',
      name: 'vision block',
      label: 'block,vis',
      children: [
        { kind: 'norm', type: 'rmsnorm', key: 'norm1', label: 'N1,vis', dim: d },
        { kind: 'norm', type: 'rmsnorm', key: 'norm2', label: 'N2,vis', dim: d },
        blockAttention(d),
        { kind: 'mlp', key: 'mlp', d, dFF: f, gated: true, bias: true },
      ],
    };
    return {
      d,
      module: visualModule('vision tower (Qwen2_5_VisionTransformerPretrainedModel)', [
        patchEmbed(config, sizes, d),
        blocks(layers, block),
        patchMerger(config, d, 'rmsnorm', 'out_hidden_size'),
      ]),
    };
  },
};

/** Qwen2-VL's tower, by `vision_config.model_type` `qwen2_vl`. */
export const qwen2VisionTower: VisionTowerKind = {
  defaults: qwen2Vision.defaults,
  declaredBy: qwen2Vision.modelTypes[0]!,
  build: (config, sizes): NestedTower => {
    const { d, layers } = widths(config, sizes, 'embed_dim');
    const f = sizes.bind('f_vis', mlpWidth(config, config.size('embed_dim')));
    const block = layerNormBlock(d, f, { up: 'fc1', down: 'fc2' });
    return {
      d,
      module: visualModule('vision tower (Qwen2VisionTransformerPretrainedModel)', [
        patchEmbed(config, sizes, d),
        blocks(layers, block),
        patchMerger(config, d, 'layernorm', 'hidden_size'),
      ]),
    };
  },
};
