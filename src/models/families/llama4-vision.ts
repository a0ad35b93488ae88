import { add, mul, num, type Expr } from '../../expr/nodes.js';
import { type ConfigFields, type RawConfig, requireMultiple } from '../config/config-fields.js';
import type { ModuleSpec } from '../spec/model-spec.js';
import type { SizeBook } from './building-blocks.js';
import type { VisionTowerKind } from './vision-towers.js';

/** Llama4VisionConfig's defaults (configuration_llama4.py), one field a line. */
const llama4VisionDefaults: RawConfig = {
  hidden_size: 768,
  num_hidden_layers: 34,
  num_attention_heads: 16, // q/k/v/o stay d × d whatever the head split
  num_channels: 3,
  intermediate_size: 5632, // the layers' fc1/fc2 width, and also the adapter's fc1 input
  vision_output_dim: 7680, // the projector's linear_1 input
  image_size: 448, // (image_size / patch_size)² patches and a class token get positions
  patch_size: 14,
  pixel_shuffle_ratio: 0.5, // the pixel shuffle merges patches: no parameters
  projector_input_dim: 4096, // the adapter's fc1 output
  projector_output_dim: 4096, // the adapter's fc2 input and output
  multi_modal_projector_bias: false, // read by no module: linear_1, fc1 and fc2 are bias-free
};

/** One `model.layers` entry (Llama4VisionEncoderLayer): biased q/k/v/o, biased GELU fc1/fc2, two LayerNorms. */
function llama4VisionLayer(config: ConfigFields, sizes: SizeBook, d: Expr): ModuleSpec {
  return {
    kind: 'group',
    key: 'layer',
    name: 'vision encoder layer',
    label: 'layer',
    children: [
      {
        kind: 'attention',
        key: 'self_attn',
        d,
        bias: { q: true, k: true, v: true, o: true },
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
      { kind: 'norm', type: 'layernorm', key: 'input_layernorm', label: 'LN1', dim: d },
      { kind: 'norm', type: 'layernorm', key: 'post_attention_layernorm', label: 'LN2', dim: d },
    ],
  };
}

/**
 * The pixel-shuffle adapter (Llama4VisionPixelShuffleMLP's `mlp`, Llama4VisionMLP2): `fc1` from
 * `intermediate_size` (what the shuffle leaves of d_vis/r² channels) to `projector_input_dim`, and
 * `fc2` of `projector_output_dim` square; neither has a bias, whatever the config says.
 */
function visionAdapter(config: ConfigFields, sizes: SizeBook): ModuleSpec {
  const inner = sizes.bind('d_pin', config.size('projector_input_dim'));
  const out = sizes.bind('d_pout', config.size('projector_output_dim'));
  return {
    kind: 'group',
    key: 'vision_adapter',
    name: 'pixel-shuffle adapter',
    label: 'adapt',
    children: [
      {
        kind: 'group',
        key: 'mlp',
        name: 'adapter MLP',
        label: 'adapt',
        children: [
          {
            kind: 'linear',
            key: 'fc1',
            label: 'adapt,1',
            in: sizes.bind('f_vis', config.size('intermediate_size')),
            out: inner,
            bias: false,
          },
          { kind: 'linear', key: 'fc2', label: 'adapt,2', in: out, out, bias: false },
        ],
      },
    ],
  };
}

/**
 * Llama 4's vision encoder (`Llama4VisionModel`, modeling_llama4.py) as `vision_model`: an unfold
 * patch embedding (`patch_embedding.linear`, C·p² → d without bias), a `class_embedding` [d], the
 * table `positional_embedding_vlm` [(image_size/p)² + 1, d], LayerNorms `layernorm_pre` and
 * `layernorm_post`, the encoder `model.layers` and the `vision_adapter`. Its 2D rotary table is a
 * plain attribute, not a parameter.
 */
export const llama4Vision: VisionTowerKind = {
  defaults: llama4VisionDefaults,
  declaredBy: 'llama4',
  build: (config, sizes) => {
    const hidden = config.size('hidden_size');
    const heads = config.size('num_attention_heads');
    requireMultiple(
      'vision_config.hidden_size',
      hidden,
      'vision_config.num_attention_heads',
      heads,
    );
    const patchSize = config.size('patch_size');
    const d = sizes.bind('d_vis', hidden);
    const p = sizes.bind('p', patchSize);
    // `(image_size // patch_size) ** 2`: the unfold drops a remainder the patches do not cover.
    const patches = sizes.bind('n_patch', (config.size('image_size') / patchSize) ** 2n);
    const channels = sizes.bind('C_in', config.size('num_channels'));
    const layers = sizes.bind('L_vis', config.size('num_hidden_layers'));
    // The class token joins the patches: it has a position and goes through every layer.
    const tokens = add(patches, num(1));
    const children: ModuleSpec[] = [
      {
        kind: 'group',
        key: 'patch_embedding',
        name: 'unfold patch embedding',
        label: 'patch',
        children: [
          {
            kind: 'linear',
            key: 'linear',
            name: 'patch projection',
            label: 'patch',
            role: 'embedding',
            in: mul(channels, p, p),
            out: d,
            bias: false,
          },
        ],
      },
      {
        kind: 'tensor',
        key: 'class_embedding',
        name: 'class token',
        label: 'cls',
        role: 'embedding',
        shape: [d],
      },
      {
        kind: 'tensor',
        key: 'positional_embedding_vlm',
        name: 'position embeddings',
        label: 'pos,vis',
        role: 'position-embedding',
        shape: [tokens, d],
      },
      { kind: 'norm', type: 'layernorm', key: 'layernorm_pre', label: 'pre,vis', dim: d },
      { kind: 'norm', type: 'layernorm', key: 'layernorm_post', label: 'post,vis', dim: d },
      {
        kind: 'repeat',
        key: 'model',
        listKey: 'layers',
        name: 'vision encoder layers',
        label: 'layers,vis',
        count: layers,
        child: llama4VisionLayer(config, sizes, d),
      },
      visionAdapter(config, sizes),
    ];
    return {
      d: sizes.bind('d_vout', config.size('vision_output_dim')),
      perImage: { tokens, layers, width: d },
      module: {
        kind: 'group',
        key: 'vision_model',
        name: 'vision tower (Llama4VisionModel)',
        label: 'vis',
        role: 'tower',
        children,
      },
    };
  },
};
