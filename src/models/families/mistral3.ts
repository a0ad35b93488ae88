import { compositeFamily } from './composite-family.js';
import type { Family } from './family.js';
import { mistral3Projector } from './parts/mistral3-projector.js';

/**
 * Mistral 3 (Mistral Small 3.1/3.2; modeling_mistral3.py, configuration_mistral3.py): a Pixtral
 * vision tower, the norm-merger-MLP projector and a Mistral language model as
 * `text_config.model_type` says; Mistral3Config builds `vision_config` as a PixtralVisionConfig
 * and, with none at all, Mistral Small 3.1's sizes.
 */
export const mistral3 = (lookup: () => readonly Family[]): Family =>
  compositeFamily(
    {
      modelTypes: ['mistral3'],
      classPrefix: 'Mistral3',
      defaults: {
        vision_feature_layer: -1, // features from the last layer
        multimodal_projector_bias: false, // linear_1 and linear_2 without bias
        spatial_merge_size: 2, // the merger joins 2 × 2 patches
        // Untied where Mistral3Config (v5) says True: Mistral-Small-3.1 leaves the flag out (saved
        // by transformers 4.50, whose head read text_config's False) and stores lm_head apart
        // (24,011,361,280 published); v5's from_pretrained leaves such a differing pair untied.
        tie_word_embeddings: false, // see above: the Hub checkpoints' head, not a fresh model's
      },
      text: {
        defaultType: 'mistral',
        whenAbsent: {
          head_dim: 128,
          hidden_size: 5120,
          intermediate_size: 32768,
          max_position_embeddings: 131072,
          num_attention_heads: 32,
          num_hidden_layers: 40,
          num_key_value_heads: 8,
          vocab_size: 131072,
        },
      },
      vision: {
        defaultType: 'pixtral',
        whenAbsent: {
          intermediate_size: 4096,
          hidden_size: 1024,
          patch_size: 14,
          image_size: 1540,
          num_hidden_layers: 24,
          num_attention_heads: 16,
        },
      },
      projector: mistral3Projector,
    },
    lookup,
  );
