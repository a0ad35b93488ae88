import type { RawConfig } from '../config/config-fields.js';
import { visionTower } from './parts/tower-stacks.js';
import { siglipTowers } from './towers.js';
import type { VisionTowerKind } from './vision-towers.js';

/** Idefics3VisionConfig's defaults (configuration_idefics3.py); SmolVLMVisionConfig's are the same. */
const idefics3VisionDefaults: RawConfig = {
  hidden_size: 1152,
  intermediate_size: 3072,
  num_hidden_layers: 12,
  num_attention_heads: 16,
  num_channels: 3,
  image_size: 224, // sets the position table: (224 / 32)² = 49 rows
  patch_size: 32,
};

/**
 * Idefics3's vision transformer (`Idefics3VisionTransformer`, modeling_idefics3.py; SmolVLM's is
 * the same module renamed) as the composite holds it, under `vision_model`: SigLIP's vision model
 * without a pooling head (a biased patch Conv2d, a position table of (image / patch)² rows, biased
 * q/k/v/out_proj, layer_norm1/2, fc1/fc2, a post LayerNorm).
 */
const idefics3Vision = (prefix: string): VisionTowerKind => ({
  defaults: idefics3VisionDefaults,
  declaredBy: prefix.toLowerCase(),
  build: (config, sizes) => {
    const description = {
      ...siglipTowers,
      towerHeads: false,
      visionDefaults: idefics3VisionDefaults,
    };
    const tower = visionTower(description, config, sizes);
    return {
      d: tower.d,
      module: {
        ...tower.module,
        name: `vision tower (${prefix}VisionTransformer)`,
        label: 'vis',
        role: 'tower',
      },
    };
  },
});

/** The vision towers of Idefics3 and SmolVLM, by their config's `model_type`. */
export const idefics3Towers: Readonly<Record<string, VisionTowerKind>> = {
  idefics3_vision: idefics3Vision('Idefics3'),
  smolvlm_vision: idefics3Vision('SmolVLM'),
};
