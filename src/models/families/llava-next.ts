import { compositeFamily, type ProjectorContext } from './composite-family.js';
import type { Family } from './family.js';
import { llavaProjector } from './parts/projectors.js';
import type { ModuleSpec } from '../spec/model-spec.js';

/** `image_newline` (`nn.Parameter` of the text width): the token that ends each row of patches. */
const imageNewline = ({ text }: ProjectorContext): ModuleSpec[] => [
  { kind: 'tensor', key: 'image_newline', name: 'image newline', label: 'newline', shape: [text] },
];

/**
 * LLaVA-NeXT (modeling_llava_next.py, configuration_llava_next.py): LLaVA's tower, projector and
 * language model, plus `image_newline`. LlavaNextConfig builds `text_config` as its `model_type`
 * says (default `llama`) and `vision_config` as a CLIPVisionConfig; with none, CLIP ViT-L/14-336.
 */
export const llavaNext = (lookup: () => readonly Family[]): Family =>
  compositeFamily(
    {
      modelTypes: ['llava_next'],
      classPrefix: 'LlavaNext',
      defaults: {
        vision_feature_layer: -2, // features from the second-to-last layer; the tower is counted whole
        multimodal_projector_bias: true, // both projector linears biased
        tie_word_embeddings: false, // LlavaNextConfig's; it never reads text_config's
      },
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
      extras: imageNewline,
    },
    lookup,
  );

/**
 * LLaVA-OneVision (modeling_llava_onevision.py, configuration_llava_onevision.py): LLaVA-NeXT's
 * parts over a SigLIP vision tower and a Qwen2 language model by default; with no
 * `vision_config`, LlavaOnevisionConfig builds a SigLIP of CLIP ViT-L/14-336's sizes.
 */
export const llavaOnevision = (lookup: () => readonly Family[]): Family =>
  compositeFamily(
    {
      modelTypes: ['llava_onevision'],
      classPrefix: 'LlavaOnevision',
      defaults: {
        vision_feature_layer: -1, // features from the last layer
        multimodal_projector_bias: true, // both projector linears biased
        tie_word_embeddings: false, // LlavaOnevisionConfig's; also tied when text_config ties
      },
      tiesFromText: true,
      text: { defaultType: 'qwen2' },
      vision: {
        defaultType: 'siglip_vision_model',
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
      extras: imageNewline,
    },
    lookup,
  );
