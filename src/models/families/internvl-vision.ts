import { fieldError } from '../../errors/user-error.js';
import { add, mul, num, type Expr } from '../../expr/nodes.js';
import { type ConfigFields, type RawConfig, requireMultiple } from '../config/config-fields.js';
import type { ModuleSpec } from '../spec/model-spec.js';
import type { SizeBook } from './building-blocks.js';
import type { VisionTowerKind } from './vision-towers.js';

/** InternVLVisionConfig's defaults (configuration_internvl.py), one field a line. */
const internvlVisionDefaults: RawConfig = {
  hidden_size: 1024,
  num_hidden_layers: 24,
  num_attention_heads: 16,
  attention_bias: false, // q/k/v without bias; the output projection always has one
  use_qk_norm: false, // InternViT-6B sets it: RMSNorms over the whole width on q and k
  intermediate_size: 4096,
  norm_type: 'layer_norm', // or 'rms_norm': the layers' two norms
  image_size: [448, 448], // an int is read as a square
  patch_size: [14, 14],
  num_channels: 3,
  use_mask_token: false, // a [1, 1, d] mask token beside the class token
  use_absolute_position_embeddings: true, // a [1, n_patch + 1, d] table
  use_mean_pooling: true, // true: no final LayerNorm (nn.Identity)
};

/** A height and width given as one int or a pair (`image_size`, `patch_size`). */
function pairOf(config: ConfigFields, field: string): [bigint, bigint] {
  const raw = config.value(field);
  const pair = Array.isArray(raw) ? raw : [raw, raw];
  if (pair.length !== 2 || !pair.every((v) => Number.isSafeInteger(v) && (v as number) > 0))
    throw fieldError(`vision_config.${field}`, raw, 'a positive integer or a pair of them');
  return [BigInt(pair[0] as number), BigInt(pair[1] as number)];
}

/** The layers' two norms as `norm_type` says: LayerNorm (weight and bias) or RMSNorm. */
function normType(config: ConfigFields): 'layernorm' | 'rmsnorm' {
  const type = config.value('norm_type');
  if (type === 'layer_norm') return 'layernorm';
  if (type === 'rms_norm') return 'rmsnorm';
  throw fieldError('vision_config.norm_type', type, "'layer_norm' or 'rms_norm'");
}

/** One `encoder.layer`: the two norms, attention with `projection_layer`, fc1/fc2, lambda_1/2. */
function internvlLayer(config: ConfigFields, sizes: SizeBook, d: Expr): ModuleSpec {
  const type = normType(config);
  const bias = config.flag('attention_bias');
  const scale = (key: string, label: string): ModuleSpec => ({
    kind: 'tensor',
    key,
    name: 'layer scale',
    label,
    shape: [d],
  });
  return {
    kind: 'group',
    key: 'layer',
    name: 'vision encoder layer',
    label: 'layer',
    children: [
      {
        kind: 'attention',
        key: 'attention',
        d,
        bias: { q: bias, k: bias, v: bias, o: true },
        keys: { o: 'projection_layer' },
        ...(config.flag('use_qk_norm')
          ? { qkNorm: { type: 'rmsnorm' as const, qDim: d, kDim: d } }
          : {}),
        role: 'attention',
      },
      {
        kind: 'mlp',
        key: 'mlp',
        d,
        dFF: sizes.bind('f_vis', config.size('intermediate_size')),
        gated: false,
        bias: true,
        keys: { up: 'fc1', down: 'fc2' },
        role: 'mlp',
      },
      { kind: 'norm', type, key: 'layernorm_before', label: 'LN1', dim: d },
      { kind: 'norm', type, key: 'layernorm_after', label: 'LN2', dim: d },
      scale('lambda_1', 'λ1'),
      scale('lambda_2', 'λ2'),
    ],
  };
}

/** The embeddings: class token, any mask token, the biased patch Conv2d, any position table. */
function internvlEmbeddings(config: ConfigFields, sizes: SizeBook, d: Expr): ModuleSpec {
  const [imageH, imageW] = pairOf(config, 'image_size');
  const [patchH, patchW] = pairOf(config, 'patch_size');
  requireMultiple('vision_config.image_size', imageH, 'vision_config.patch_size', patchH);
  requireMultiple('vision_config.image_size', imageW, 'vision_config.patch_size', patchW);
  const patches = sizes.bind('n_patch', (imageH / patchH) * (imageW / patchW));
  const kernel =
    patchH === patchW
      ? [sizes.bind('p', patchH), sizes.bind('p', patchH)]
      : [sizes.bind('p_h', patchH), sizes.bind('p_w', patchW)];
  const token = (key: string, name: string): ModuleSpec => ({
    kind: 'tensor',
    key,
    name,
    label: key === 'cls_token' ? 'cls' : 'mask',
    role: 'embedding',
    shape: [num(1), num(1), d],
  });
  const children: ModuleSpec[] = [
    token('cls_token', 'class token'),
    ...(config.flag('use_mask_token') ? [token('mask_token', 'mask token')] : []),
    {
      kind: 'group',
      key: 'patch_embeddings',
      name: 'patch embeddings',
      label: 'patch',
      children: [
        {
          kind: 'conv',
          key: 'projection',
          name: 'patch projection',
          label: 'patch',
          role: 'embedding',
          in: sizes.bind('C_in', config.size('num_channels')),
          out: d,
          kernel,
          bias: true,
        },
      ],
    },
  ];
  if (config.flag('use_absolute_position_embeddings'))
    children.push({
      kind: 'tensor',
      key: 'position_embeddings',
      name: 'position embeddings',
      label: 'pos,vis',
      role: 'position-embedding',
      shape: [num(1), add(patches, num(1)), d],
    });
  return { kind: 'group', key: 'embeddings', name: 'embeddings', label: 'emb,vis', children };
}

/**
 * InternViT (`InternVLVisionModel`, modeling_internvl.py) right under `vision_tower`: embeddings
 * with a class token, `encoder.layer` with layer scales `lambda_1`/`lambda_2`, and a final
 * LayerNorm only when `use_mean_pooling` is false.
 */
export const internvlVision: VisionTowerKind = {
  defaults: internvlVisionDefaults,
  declaredBy: 'internvl',
  build: (config, sizes) => {
    const hidden = config.size('hidden_size');
    const heads = config.size('num_attention_heads');
    requireMultiple(
      'vision_config.hidden_size',
      hidden,
      'vision_config.num_attention_heads',
      heads,
    );
    const d = sizes.bind('d_vis', hidden);
    const children: ModuleSpec[] = [
      internvlEmbeddings(config, sizes, d),
      {
        kind: 'repeat',
        key: 'encoder',
        listKey: 'layer',
        name: 'vision encoder layers',
        label: 'layers,vis',
        count: sizes.bind('L_vis', config.size('num_hidden_layers')),
        child: internvlLayer(config, sizes, d),
      },
      ...(config.flag('use_mean_pooling')
        ? []
        : [
            {
              kind: 'norm',
              type: 'layernorm',
              key: 'layernorm',
              label: 'post,vis',
              dim: d,
            } as ModuleSpec,
          ]),
    ];
    return {
      d,
      module: {
        kind: 'group',
        key: 'vision_tower',
        name: 'vision tower (InternVLVisionModel)',
        label: 'vis',
        role: 'tower',
        children,
      },
    };
  },
};

/** d_vis·r², the width the pixel shuffle leaves (r = 1 / `downsample_ratio`), for the projector. */
export const shuffledWidth = (r: Expr, d: Expr): Expr => mul(mul(r, r), d);
