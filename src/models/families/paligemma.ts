import { compositeFamily } from './composite-family.js';
import type { Family } from './family.js';
import { paligemmaProjector } from './parts/paligemma-projector.js';

/**
 * PaliGemma and PaliGemma 2 (modeling_paligemma.py, configuration_paligemma.py): a SigLIP vision
 * tower, one Linear projector and a Gemma (PaliGemma 2: Gemma 2) language model as
 * `text_config.model_type` says; the head is tied as the text config says (Gemma: tied). With no
 * nested configs, PaliGemmaConfig builds paligemma-3b's SigLIP-So400m/14-224 and Gemma 2B.
 */
export const paligemma = (lookup: () => readonly Family[]): Family =>
  compositeFamily(
    {
      modelTypes: ['paligemma'],
      classPrefix: 'PaliGemma',
      defaults: {
        projection_dim: 2048, // the projector's output width, copied onto vision_config
        hidden_size: 2048, // the composite's own field: read by nothing that has parameters
        vocab_size: 257152, // the default text config's vocabulary
        tie_word_embeddings: true, // PaliGemmaConfig's: lm_head tied to the Gemma embed_tokens
      },
      text: {
        defaultType: 'gemma',
        whenAbsent: {
          hidden_size: 2048,
          num_hidden_layers: 18,
          intermediate_size: 16384,
          num_attention_heads: 8,
          num_key_value_heads: 1,
          vocab_size: 257152,
        },
      },
      vision: {
        defaultType: 'siglip_vision_model',
        whenAbsent: {
          intermediate_size: 4096,
          hidden_size: 1152,
          patch_size: 14,
          image_size: 224,
          num_hidden_layers: 27,
          num_attention_heads: 16,
          vision_use_head: false,
        },
      },
      projector: paligemmaProjector,
    },
    lookup,
  );
