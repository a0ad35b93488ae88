import { add, mul, num, type Expr } from '../../expr/nodes.js';
import { fieldError } from '../../errors/user-error.js';
import { requireMultiple, type ConfigFields } from '../config/config-fields.js';
import type { ModelSpec, ModuleSpec } from '../spec/model-spec.js';
import { normFactory, SizeBook } from './building-blocks.js';
import type { Family } from './family.js';
import { linear } from './parts/encoder-parts.js';
import { ratioWidth } from './parts/ratio-width.js';
import { vitAttention } from './parts/vit-attention.js';

/**
 * DINOv2 (modeling_dinov2.py): ViT's patch Conv2d, class token and `n_patch + 1` positions
 * (`n_patch = (image_size // patch_size)²`, the table the forward pass interpolates), a mask token
 * [1, d] when `use_mask_token`; L pre-norm layers (norm1, ViT's attention, a LayerScale `lambda1`
 * [d] after each branch, norm2, an fc1/fc2 MLP of `int(d · mlp_ratio)` or the SwiGLU FFN), a final
 * LayerNorm and no pooler. The classifier reads the class token beside the mean patch token: 2d in.
 */
export const dinov2: Family = {
  modelTypes: ['dinov2'],
  defaults: {
    hidden_size: 768,
    num_hidden_layers: 12,
    num_attention_heads: 12,
    mlp_ratio: 4, // the MLP's inner width is int(hidden_size · mlp_ratio); no intermediate_size
    image_size: 224,
    patch_size: 14,
    num_channels: 3,
    qkv_bias: true,
    use_swiglu_ffn: false, // true: weights_in d → 2h, weights_out h → d, h = (int(4d·2/3) + 7) // 8 · 8
    use_mask_token: true, // the [1, d] mask token of masked-image pre-training
  },
  classes: ['Dinov2Model', 'Dinov2ForImageClassification', 'Dinov2Backbone'],
  build: buildDinov2,
};

/** The feed-forward block: ViT's fc1/fc2, or the SwiGLU FFN with its width rounded up to 8s. */
function feedForward(config: ConfigFields, sizes: SizeBook, d: Expr, hidden: bigint): ModuleSpec {
  const inner = ratioWidth(config, 'mlp_ratio', hidden);
  if (!config.flag('use_swiglu_ffn')) {
    const dFF = sizes.bind('d_ff', inner);
    return {
      kind: 'group',
      key: 'mlp',
      name: 'feed-forward',
      label: 'mlp',
      role: 'mlp',
      children: [linear('fc1', 'up', d, dFF), linear('fc2', 'down', dFF, d)],
    };
  }
  // Dinov2SwiGLUFFN: (int(hidden_features * 2 / 3) + 7) // 8 * 8, a float division then a floor.
  const dFF = sizes.bind('d_ff', ((BigInt(Math.floor((Number(inner) * 2) / 3)) + 7n) / 8n) * 8n);
  return {
    kind: 'group',
    key: 'mlp',
    name: 'SwiGLU feed-forward',
    label: 'mlp',
    role: 'mlp',
    children: [
      linear('weights_in', 'in', d, mul(num(2), dFF)),
      linear('weights_out', 'out', dFF, d),
    ],
  };
}

/** A LayerScale: one learned factor a channel (`lambda1`, [d]) on a branch's output. */
const layerScale = (key: string, label: string, d: Expr): ModuleSpec => ({
  kind: 'group',
  key,
  name: 'LayerScale',
  label,
  children: [{ kind: 'tensor', key: 'lambda1', name: 'LayerScale factors', label, shape: [d] }],
});

function buildDinov2(config: ConfigFields, className: string): ModelSpec {
  const sizes = new SizeBook();
  const hidden = config.size('hidden_size');
  requireMultiple('hidden_size', hidden, 'num_attention_heads', config.size('num_attention_heads'));
  const d = sizes.bind('d_model', hidden);
  const patch = config.size('patch_size');
  // Dinov2PatchEmbeddings floors: (image_size // patch_size)², no divisibility asked.
  const side = config.size('image_size') / patch;
  if (side < 1n)
    throw fieldError(
      'image_size',
      Number(config.size('image_size')),
      `at least patch_size = ${patch}`,
    );
  const patches = sizes.bind('n_patch', side * side);
  const patchSize = sizes.bind('p', patch);
  const ln = normFactory('layernorm', d);
  const layer: ModuleSpec = {
    kind: 'group',
    key: 'layer',
    name: 'encoder layer',
    label: 'layer',
    children: [
      ln('norm1', 'LN1'),
      vitAttention(d, config.flag('qkv_bias')),
      layerScale('layer_scale1', 'LS1', d),
      ln('norm2', 'LN2'),
      feedForward(config, sizes, d, hidden),
      layerScale('layer_scale2', 'LS2', d),
    ],
  };
  const token = (key: string, name: string, label: string, shape: Expr[]): ModuleSpec => ({
    kind: 'tensor',
    key,
    name,
    label,
    role: 'embedding',
    shape,
  });
  const embeddings: ModuleSpec = {
    kind: 'group',
    key: 'embeddings',
    name: 'patch embeddings',
    label: 'emb',
    children: [
      token('cls_token', 'class token', 'cls', [num(1), num(1), d]),
      ...(config.flag('use_mask_token')
        ? [token('mask_token', 'mask token', 'mask', [num(1), d])]
        : []),
      {
        kind: 'group',
        key: 'patch_embeddings',
        name: 'patch projection',
        label: 'patch',
        role: 'embedding',
        children: [
          {
            kind: 'conv',
            key: 'projection',
            name: 'patch projection',
            label: 'patch',
            in: sizes.bind('C_in', config.size('num_channels')),
            out: d,
            kernel: [patchSize, patchSize],
            bias: true,
          },
        ],
      },
      {
        kind: 'tensor',
        key: 'position_embeddings',
        name: 'position embeddings',
        label: 'pos',
        role: 'position-embedding',
        shape: [num(1), add(patches, num(1)), d],
      },
    ],
  };
  const base: ModuleSpec[] = [
    embeddings,
    {
      kind: 'repeat',
      key: 'encoder',
      listKey: 'layer',
      name: 'encoder layers',
      label: 'layers',
      count: sizes.bind('L', config.size('num_hidden_layers')),
      child: layer,
    },
    ln('layernorm', 'final'),
  ];
  if (className !== 'Dinov2ForImageClassification')
    return { name: className, sizes: sizes.sizes, modules: base };
  const model: ModuleSpec = {
    kind: 'group',
    key: 'dinov2',
    name: 'Dinov2Model',
    label: 'base',
    children: base,
  };
  // The classifier reads torch.cat([cls_token, patch_tokens.mean(dim=1)]): 2d features.
  const classifier: ModuleSpec = {
    ...linear('classifier', 'cls', mul(num(2), d), sizes.bind('n_labels', config.numLabels())),
    role: 'head',
  };
  return { name: className, sizes: sizes.sizes, modules: [model, classifier] };
}
