import { add, type Expr, num, sym } from '../../expr/nodes.js';
import type { ConfigFields, RawConfig } from '../config/config-fields.js';
import type { ImageTowerSpec, ModuleSpec } from '../spec/model-spec.js';
import type { SizeBook } from './building-blocks.js';
import { type TowerDescription, visionTower } from './parts/tower-stacks.js';
import { idefics3Towers } from './idefics3-vision.js';
import { internvlVision } from './internvl-vision.js';
import { pixtralVision } from './pixtral-vision.js';
import { qwen2VisionTower, qwen25VisionTower } from './qwen-vision.js';
import { qwen3VisionTower, qwen35VisionTower } from './qwen3-vision.js';
import { clipTowers, siglipTowers } from './towers.js';
import { gemma4VisionTower } from './gemma4-vision.js';
import { llama4Vision } from './llama4-vision.js';

/** A vision tower a composite nests: its module (`vision_tower`) and its width. */
export interface NestedTower {
  readonly module: ModuleSpec;
  readonly d: Expr;
  /** What one image costs it, where its patches are fixed (not Qwen-VL's any resolution). */
  readonly perImage?: ImageTowerSpec;
}

/** How a `vision_config.model_type` builds its tower, over its config class's defaults. */
export interface VisionTowerKind {
  readonly defaults: RawConfig;
  /** The family whose declaration holds those defaults (`clip`). */
  readonly declaredBy: string;
  build(config: ConfigFields, sizes: SizeBook): NestedTower;
}

/**
 * The `…VisionModel` of a two-tower family (CLIPVisionModel, SiglipVisionModel) as `AutoModel`
 * builds it for a composite: its `vision_model` under `vision_tower`, counted whole even where the
 * composite reads a middle layer's features (LLaVA's `vision_feature_layer = -2`), as PyTorch does.
 */
const twoTowerVision = (description: TowerDescription): VisionTowerKind => ({
  defaults: description.visionDefaults,
  declaredBy: description.modelTypes[0]!,
  build: (config, sizes) => {
    const tower = visionTower(description, config, sizes);
    const children = tower.module.kind === 'group' ? tower.module.children : [tower.module];
    // CLIP's class token goes through the layers with the patches.
    const tokens = description.classToken ? add(sym('n_patch'), num(1)) : sym('n_patch');
    return {
      d: tower.d,
      perImage: { tokens, layers: sym('L_vis'), width: tower.d },
      module: {
        kind: 'group',
        key: 'vision_tower',
        path: 'vision_tower.vision_model',
        name: `vision tower (${description.prefix}VisionModel)`,
        label: 'vis',
        role: 'tower',
        children,
      },
    };
  },
});

/** The vision towers composites nest, by their config's `model_type`. */
export const visionTowerKinds: Readonly<Record<string, VisionTowerKind>> = {
  clip_vision_model: twoTowerVision(clipTowers),
  siglip_vision_model: twoTowerVision(siglipTowers),
  pixtral: pixtralVision,
  ...idefics3Towers,
  internvl_vision: internvlVision,
  qwen2_5_vl: qwen25VisionTower,
  qwen2_vl: qwen2VisionTower,
  qwen3_vl: qwen3VisionTower,
  qwen3_vl_moe_vision: qwen3VisionTower,
  qwen3_vl_moe: qwen3VisionTower, // older Qwen3-VL-MoE checkpoints' vision_config.model_type
  qwen3_5_vision: qwen35VisionTower,
  qwen3_5: qwen35VisionTower, // older Qwen3.5 checkpoints' vision_config.model_type
  qwen3_5_moe_vision: qwen35VisionTower,
  qwen3_5_moe: qwen35VisionTower, // older Qwen3.5-MoE checkpoints' (Nex-N2.5-mini's)
  gemma4_vision: gemma4VisionTower,
  llama4_vision_model: llama4Vision,
};
