import type { RawConfig } from '../config/config-fields.js';
import { requireMultiple } from '../config/config-fields.js';
import type { ModuleSpec } from '../spec/model-spec.js';
import type { VisionTowerKind } from './vision-towers.js';

/** PixtralVisionConfig's defaults (configuration_pixtral.py), one field a line. */
const pixtralDefaults: RawConfig = {
  hidden_size: 1024,
  intermediate_size: 4096,
  num_hidden_layers: 24,
  num_attention_heads: 16, // q/k/v/o stay d × d whatever the head split
  num_channels: 3,
  image_size: 1024, // the longest side: sets the 2D rotary's grid, no parameters
  patch_size: 16,
};

/**
 * Pixtral's vision encoder (`PixtralVisionModel`, modeling_pixtral.py) as composites nest it, right
 * under `vision_tower`: a bias-free patch Conv2d `patch_conv`, an RMSNorm `ln_pre`, and
 * `transformer.layers`, each an RMSNorm `attention_norm`, bias-free d × d q/k/v/o_proj, an RMSNorm
 * `ffn_norm` and a bias-free gated gate/up/down MLP `feed_forward`. Its 2D rotary embedding holds
 * buffers only; there is no final norm.
 */
export const pixtralVision: VisionTowerKind = {
  defaults: pixtralDefaults,
  declaredBy: 'pixtral',
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
    const patch = sizes.bind('p', config.size('patch_size'));
    const layer: ModuleSpec = {
      kind: 'group',
      key: 'layer',
      name: 'vision encoder layer',
      label: 'layer',
      children: [
        { kind: 'norm', type: 'rmsnorm', key: 'attention_norm', label: 'attn norm', dim: d },
        {
          kind: 'attention',
          key: 'attention',
          d,
          bias: { q: false, k: false, v: false, o: false },
          role: 'attention',
        },
        { kind: 'norm', type: 'rmsnorm', key: 'ffn_norm', label: 'ffn norm', dim: d },
        {
          kind: 'mlp',
          key: 'feed_forward',
          d,
          dFF: sizes.bind('f_vis', config.size('intermediate_size')),
          gated: true,
          bias: false,
          role: 'mlp',
        },
      ],
    };
    const children: ModuleSpec[] = [
      {
        kind: 'conv',
        key: 'patch_conv',
        name: 'patch projection',
        label: 'patch',
        role: 'embedding',
        in: sizes.bind('C_in', config.size('num_channels')),
        out: d,
        kernel: [patch, patch],
        bias: false,
      },
      { kind: 'norm', type: 'rmsnorm', key: 'ln_pre', label: 'pre,vis', dim: d },
      {
        kind: 'repeat',
        key: 'transformer',
        listKey: 'layers',
        name: 'vision encoder layers',
        label: 'layers,vis',
        count: sizes.bind('L_vis', config.size('num_hidden_layers')),
        child: layer,
      },
    ];
    return {
      d,
      module: {
        kind: 'group',
        key: 'vision_tower',
        name: 'vision tower (PixtralVisionModel)',
        label: 'vis',
        role: 'tower',
        children,
      },
    };
  },
};
