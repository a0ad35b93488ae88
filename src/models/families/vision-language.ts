import { compositeFamily } from './composite-family.js';
import type { Family } from './family.js';
import { gemma3Projector, llavaProjector } from './parts/projectors.js';

/**
 * LLaVA (modeling_llava.py, configuration_llava.py): a CLIP vision tower, the two-layer projector
 * and any causal language model. LlavaConfig builds a `text_config` dict as its `model_type` says
 * (default `llama`) and a `vision_config` dict as a CLIPVisionConfig; with none at all, the CLIP
 * ViT-L/14 at 336 px that LLaVA 1.5 uses.
 */
export const llava = (lookup: () => readonly Family[]): Family =>
  compositeFamily(
    {
      modelTypes: ['llava'],
      classPrefix: 'Llava',
      defaults: {
        vision_feature_layer: -2, // features from the second-to-last layer; the tower is counted whole
        multimodal_projector_bias: true, // llava-1.5-7b leaves it out: both linears biased
        tie_word_embeddings: false, // LlavaConfig's; also tied when text_config ties (below)
      },
      tiesFromText: true,
      text: { defaultType: 'llama' },
      vision: {
        defaultType: 'clip_vision_model',
        whenAbsent: {
          hidden_size: 1024,
          intermediate_size: 4096,
          num_hidden_layers: 24,
          num_attention_heads: 16,
          patch_size: 14,
          image_size: 336,
        },
      },
      projector: llavaProjector,
    },
    lookup,
  );

/**
 * Gemma 3 with images (modeling_gemma3.py, configuration_gemma3.py): a SigLIP vision tower, the
 * RMSNorm-and-matrix projector and a Gemma3TextModel; Gemma3Config builds `text_config` as a
 * Gemma3TextConfig and `vision_config` as a SiglipVisionConfig, each over its defaults.
 */
export const gemma3 = (lookup: () => readonly Family[]): Family =>
  compositeFamily(
    {
      modelTypes: ['gemma3'],
      classPrefix: 'Gemma3',
      defaults: {
        mm_tokens_per_image: 256, // image tokens after pooling: no parameters
        tie_word_embeddings: true, // Gemma3Config's: gemma-3-4b-it leaves it out, lm_head tied
      },
      text: { defaultType: 'gemma3_text' },
      vision: { defaultType: 'siglip_vision_model' },
      projector: gemma3Projector,
      sequenceClassification: true,
    },
    lookup,
  );
