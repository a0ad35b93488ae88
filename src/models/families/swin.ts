import { add, mul, num, pow, type Expr, type Sym } from '../../expr/nodes.js';
import { fieldError } from '../../errors/user-error.js';
import type { ConfigFields } from '../config/config-fields.js';
import type { ModelSpec, ModuleSpec } from '../spec/model-spec.js';
import { SizeBook } from './building-blocks.js';
import type { Family } from './family.js';
import { linear } from './parts/encoder-parts.js';
import { intList } from './parts/int-list.js';
import { ratioWidth } from './parts/ratio-width.js';
import { hiddenStateNorms } from './parts/swin-backbone.js';
import { swinBlock } from './parts/swin-block.js';

/**
 * Swin (modeling_swin.py): a patch Conv2d (C_in → embed_dim, p × p) and its LayerNorm, then
 * stages of window-attention blocks whose width doubles from stage to stage (`d_i =
 * embed_dim · 2^(i−1)`), each stage `depths[i]` blocks with `num_heads[i]` heads and its own
 * relative-position table [(2w − 1)², heads] a block, and between stages a patch merging
 * (LayerNorm 4d_i, Linear 4d_i → 2d_i without bias). The stages differ in width, so each is its own
 * repeat, counted by its own L_i. A final LayerNorm; the pooler is an average (no parameters).
 */
export const swin: Family = {
  modelTypes: ['swin'],
  defaults: {
    image_size: 224,
    patch_size: 4,
    num_channels: 3,
    embed_dim: 96, // the first stage's width; stage i has embed_dim · 2^i
    depths: [2, 2, 6, 2], // blocks a stage
    num_heads: [3, 6, 12, 24], // heads a stage
    window_size: 7, // w: each block's position table has (2w − 1)² rows
    mlp_ratio: 4.0, // the MLP's inner width is int(mlp_ratio · d_i)
    qkv_bias: true,
    use_absolute_embeddings: false, // true: a [1, n_patch + 1, embed_dim] position table
    encoder_stride: 32, // ForMaskedImageModeling: the decoder's 1×1 conv has s² · C_in outputs
    out_features: null, // SwinBackbone: None (and out_indices None) puts out the last stage alone
    out_indices: null,
  },
  classes: [
    'SwinModel',
    'SwinForImageClassification',
    'SwinForMaskedImageModeling',
    'SwinBackbone',
  ],
  build: buildSwin,
};

/** The stages: their widths d_i, and the encoder module (stage i under `layers.{i−1}`). */
function stages(config: ConfigFields, sizes: SizeBook): { encoder: ModuleSpec; widths: Sym[] } {
  const depths = intList(config, 'depths');
  const heads = intList(config, 'num_heads');
  if (heads.length !== depths.length)
    throw fieldError(
      'num_heads',
      heads.map(Number),
      `one entry a stage (${depths.length}, as depths)`,
    );
  const embed = config.size('embed_dim');
  const w = sizes.bind('w', config.size('window_size'));
  const qkvBias = config.flag('qkv_bias');
  const widths = depths.map((_, i) => sizes.bind(`d_${i + 1}`, embed * 2n ** BigInt(i)));
  const children = depths.map((depth, i): ModuleSpec => {
    const d = widths[i]!;
    const width = embed * 2n ** BigInt(i);
    if (width % heads[i]! !== 0n)
      throw fieldError(
        `num_heads[${i}]`,
        Number(heads[i]),
        `a divisor of stage ${i + 1}'s width ${width}`,
      );
    const dFF = sizes.bind(`f_${i + 1}`, ratioWidth(config, 'mlp_ratio', width));
    const merging: ModuleSpec[] =
      i < depths.length - 1
        ? [
            {
              kind: 'group',
              key: 'downsample',
              name: 'patch merging',
              label: `merge ${i + 1}`,
              children: [
                linear('reduction', 'reduce', mul(num(4), d), widths[i + 1]!, false),
                {
                  kind: 'norm',
                  type: 'layernorm',
                  key: 'norm',
                  label: 'LN',
                  dim: mul(num(4), d),
                  role: 'norm',
                },
              ],
            },
          ]
        : [];
    return {
      kind: 'group',
      key: `stage${i + 1}`,
      path: `layers.${i}`,
      name: `stage ${i + 1}`,
      label: `stage ${i + 1}`,
      children: [
        {
          kind: 'repeat',
          key: 'blocks',
          name: `stage ${i + 1} blocks`,
          label: `blocks ${i + 1}`,
          count: sizes.bind(`L_${i + 1}`, depth),
          child: swinBlock(d, sizes.bind(`h_${i + 1}`, heads[i]!), w, dFF, {
            qkvBias,
            stage: i + 1,
          }),
        },
        ...merging,
      ],
    };
  });
  return {
    encoder: { kind: 'group', key: 'encoder', name: 'encoder', label: 'enc', children },
    widths,
  };
}

function buildSwin(config: ConfigFields, className: string): ModelSpec {
  const sizes = new SizeBook();
  const embed = config.size('embed_dim');
  const d1 = sizes.bind('d_1', embed);
  const patch = config.size('patch_size');
  const side = config.size('image_size') / patch;
  if (side < 1n)
    throw fieldError(
      'image_size',
      Number(config.size('image_size')),
      `at least patch_size = ${patch}`,
    );
  const patchSize = sizes.bind('p', patch);
  const channels = sizes.bind('C_in', config.size('num_channels'));
  const masked = className === 'SwinForMaskedImageModeling';
  const absolute = config.flag('use_absolute_embeddings');
  const tensor = (key: string, name: string, label: string, shape: Expr[]): ModuleSpec => ({
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
            label: 'patch',
            in: channels,
            out: d1,
            kernel: [patchSize, patchSize],
            bias: true,
          },
        ],
      },
      ...(masked ? [tensor('mask_token', 'mask token', 'mask', [num(1), num(1), d1])] : []),
      ...(absolute
        ? [
            {
              ...tensor('position_embeddings', 'position embeddings', 'pos', [
                num(1),
                add(sizes.bind('n_patch', side * side), num(1)),
                d1,
              ]),
              role: 'position-embedding',
            } as ModuleSpec,
          ]
        : []),
      { kind: 'norm', type: 'layernorm', key: 'norm', label: 'LN emb', dim: d1, role: 'norm' },
    ],
  };
  const { encoder, widths } = stages(config, sizes);
  const last = widths[widths.length - 1]!;
  const base: ModuleSpec[] = [
    embeddings,
    encoder,
    { kind: 'norm', type: 'layernorm', key: 'layernorm', label: 'final', dim: last, role: 'norm' },
  ];
  const spec = (modules: ModuleSpec[]): ModelSpec => ({
    name: className,
    sizes: sizes.sizes,
    shape: 'stages',
    symbols,
    modules,
  });
  if (className === 'SwinModel') return spec(base);
  // The backbone holds the embeddings and encoder itself, with a norm for each stage it puts out.
  if (className === 'SwinBackbone')
    return spec([embeddings, encoder, hiddenStateNorms(config, widths)]);
  const model: ModuleSpec = {
    kind: 'group',
    key: 'swin',
    name: 'SwinModel',
    label: 'base',
    children: base,
  };
  if (masked) {
    const stride = sizes.bind('s_enc', config.size('encoder_stride'));
    return spec([
      model,
      {
        kind: 'group',
        key: 'decoder',
        name: 'pixel decoder',
        label: 'dec',
        role: 'head',
        children: [
          {
            kind: 'conv',
            key: '0',
            label: 'dec',
            in: last,
            out: mul(pow(stride, 2), channels),
            kernel: [num(1), num(1)],
            bias: true,
          },
        ],
      },
    ]);
  }
  return spec([
    model,
    {
      ...linear('classifier', 'cls', last, sizes.bind('n_labels', config.numLabels())),
      role: 'head',
    },
  ]);
}

/** The stage symbols, for the documents' symbol tables (up to the four stages Swin's configs have). */
const stageSymbols = Object.fromEntries(
  [1, 2, 3, 4].flatMap((i) => [
    [`d_${i}`, { meaning: `width of stage ${i} (embed_dim · 2^${i - 1})`, field: 'embed_dim' }],
    [`L_${i}`, { meaning: `blocks in stage ${i}`, field: `depths[${i - 1}]` }],
    [`h_${i}`, { meaning: `attention heads in stage ${i}`, field: `num_heads[${i - 1}]` }],
    [`f_${i}`, { meaning: `feed-forward inner size in stage ${i}`, field: 'mlp_ratio' }],
  ]),
);

/** The symbols Swin adds: the stages' and the window's. */
const symbols = {
  ...stageSymbols,
  w: { meaning: 'attention window (w × w patches)', field: 'window_size' },
};
