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
        // InternVLConfig (v5) says True, but the -hf checkpoints were saved by transformers 4, which
        // tied as the text config says: an untied text model (Qwen2.5-7B) stored its lm_head, and
        // v5's from_pretrained leaves such a differing pair untied. So, as for mistral3: the
        // top-level flag where written, else the text config's (tiesFromText).
        tie_word_embeddings: false, // see above: the Hub checkpoints' head, not a fresh model's
      },
      tiesFromText: true,
      text: { defaultType: 'qwen2' },
      vision: { defaultType: 'internvl_vision', fixed: true },
      projector: internvlProjector,
    },
    lookup,
  );
