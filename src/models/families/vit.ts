import { add, num } from '../../expr/nodes.js';
import type { ConfigFields } from '../config/config-fields.js';
import type { ModelSpec, ModuleSpec } from '../spec/model-spec.js';
import { normFactory, SizeBook, widthAndPatches } from './building-blocks.js';
import type { Family } from './family.js';
import { linear } from './parts/encoder-parts.js';
import { vitAttention } from './parts/vit-attention.js';

/**
 * ViT (modeling_vit.py): the image cut into `n_patch = (image_size / patch_size)²` patches by a
 * Conv2d(num_channels → d, kernel = stride = patch_size), a class token (1×1×d) and a position table
 * of `n_patch + 1` rows (both raw parameters); L pre-norm encoder layers (BERT's modules with
 * layernorm_before/layernorm_after), a final LayerNorm, and a pooler only in `ViTModel`.
 * `ViTForImageClassification` drops the pooler and adds a classifier; `ViTForMaskedImageModeling`
 * adds the mask token and a 1×1 Conv2d decoder to `encoder_stride² · num_channels`.
 */
export const vit: Family = {
  modelTypes: ['vit'],
  defaults: {
    hidden_size: 768,
    num_hidden_layers: 12,
    num_attention_heads: 12,
    intermediate_size: 3072,
    image_size: 224,
    patch_size: 16,
    num_channels: 3,
    qkv_bias: true,
    encoder_stride: 16, // vit-base-patch16-224-in21k leaves it out
    pooler_output_size: null, // vit-base-patch16-224-in21k leaves it out: the width
  },
  classes: ['ViTModel', 'ViTForImageClassification', 'ViTForMaskedImageModeling'],
  build: buildVit,
};

function buildVit(config: ConfigFields, className: string): ModelSpec {
  const sizes = new SizeBook();
  const { d, patches, patchSize, channels } = widthAndPatches(config, sizes);
  const ln = normFactory('layernorm', d);
  const qkvBias = config.flag('qkv_bias');
  const dFF = sizes.bind('d_ff', config.size('intermediate_size'));
  const layer: ModuleSpec = {
    kind: 'group',
    key: 'layer',
    name: 'encoder layer',
    label: 'layer',
    children: [
      vitAttention(d, qkvBias),
      {
        kind: 'group',
        key: 'intermediate',
        name: 'feed-forward up',
        label: 'up',
        role: 'mlp',
        children: [linear('dense', 'up', d, dFF)],
      },
      {
        kind: 'group',
        key: 'output',
        name: 'feed-forward down',
        label: 'down',
        role: 'mlp',
        children: [linear('dense', 'down', dFF, d)],
      },
      ln('layernorm_before', 'LN1'),
      ln('layernorm_after', 'LN2'),
    ],
  };
  const maskedImageModeling = className === 'ViTForMaskedImageModeling';
  const embeddings: ModuleSpec = {
    kind: 'group',
    key: 'embeddings',
    name: 'patch embeddings',
    label: 'emb',
    children: [
      {
        kind: 'tensor',
        key: 'cls_token',
        name: 'class token',
        label: 'cls',
        role: 'embedding',
        shape: [num(1), num(1), d],
      },
      ...(maskedImageModeling
        ? [
            {
              kind: 'tensor',
              key: 'mask_token',
              name: 'mask token',
              label: 'mask',
              role: 'embedding',
              shape: [num(1), num(1), d],
            } as ModuleSpec,
          ]
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
            in: channels,
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
  const pooled = className === 'ViTModel';
  const poolerWidth = config.optionalSize('pooler_output_size');
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
    ...(pooled
      ? [
          {
            kind: 'group',
            key: 'pooler',
            name: 'pooler',
            label: 'pool',
            role: 'head',
            children: [
              linear('dense', 'pool', d, poolerWidth ? sizes.bind('d_out', poolerWidth) : d),
            ],
          } as ModuleSpec,
        ]
      : []),
  ];
  if (pooled) return { name: className, sizes: sizes.sizes, modules: base };
  const model: ModuleSpec = {
    kind: 'group',
    key: 'vit',
    name: 'ViTModel',
    label: 'base',
    children: base,
  };
  if (maskedImageModeling) {
    const stride = sizes.bind('s_enc', config.size('encoder_stride'));
    const decoder: ModuleSpec = {
      kind: 'group',
      key: 'decoder',
      name: 'pixel decoder',
      label: 'dec',
      role: 'head',
      children: [
        {
          kind: 'conv',
          key: '0',
          name: 'pixel decoder',
          label: 'dec',
          in: d,
          out: { kind: 'mul', factors: [{ kind: 'pow', base: stride, exponent: 2 }, channels] },
          kernel: [num(1), num(1)],
          bias: true,
        },
      ],
    };
    return { name: className, sizes: sizes.sizes, modules: [model, decoder] };
  }
  const classifier: ModuleSpec = {
    ...linear('classifier', 'cls', d, sizes.bind('n_labels', config.numLabels())),
    role: 'head',
  };
  return { name: className, sizes: sizes.sizes, modules: [model, classifier] };
}
