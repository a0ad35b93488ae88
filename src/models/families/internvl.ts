import { compositeFamily } from './composite-family.js';
import type { Family } from './family.js';
import { internvlProjector } from './parts/internvl-projector.js';

/**
 * InternVL 3 / 3.5 in transformers' layout (modeling_internvl.py, configuration_internvl.py, the
 * `-hf` checkpoints): InternViT under `vision_tower`, the LayerNorm-and-MLP projector and a Qwen2
 * (InternVL 3.5: Qwen3) language model as `text_config.model_type` says. InternVLConfig builds
 * `vision_config` as an InternVLVisionConfig whatever `model_type` it writes.
 */
export const internvl = (lookup: () => readonly Family[]): Family =>
  compositeFamily(
    {
      modelTypes: ['internvl'],
      classPrefix: 'InternVL',
      defaults: {
        downsample_ratio: 0.5, // the pixel shuffle folds 2 × 2 patches: the projector's input is d_vis·4
        vision_feature_layer: -1, // features from the last layer
        tie_word_embeddings: true, // InternVLConfig's: tied whatever text_config writes
      },
      text: { defaultType: 'qwen2' },
      vision: { defaultType: 'internvl_vision', fixed: true },
      projector: internvlProjector,
    },
    lookup,
  );
