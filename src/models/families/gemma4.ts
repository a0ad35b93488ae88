import { fieldError } from '../../errors/user-error.js';
import { compositeFamily } from './composite-family.js';
import type { Family } from './family.js';
import { gemma4VisionEmbedder } from './parts/gemma4-projectors.js';

/**
 * Gemma 4 with images (modeling_gemma4.py: Gemma4ForConditionalGeneration, Gemma4Model): a
 * Gemma4TextModel as `language_model`, and, only when `vision_config` is given, a
 * Gemma4VisionModel as `vision_tower` with its `embed_vision`. Gemma4Config leaves
 * `vision_config` and `audio_config` None, so the default class is the language model and its
 * head alone; an `audio_config` (the conformer `audio_tower`) is refused, not yet counted.
 */
export const gemma4 = (lookup: () => readonly Family[]): Family => {
  const family = compositeFamily(
    {
      modelTypes: ['gemma4'],
      classPrefix: 'Gemma4',
      defaults: {
        audio_config: null, // none: Gemma4Model builds no audio_tower nor embed_audio
        tie_word_embeddings: true, // lm_head tied to the text model's embed_tokens
      },
      text: { defaultType: 'gemma4_text' },
      vision: { defaultType: 'gemma4_vision' },
      projector: gemma4VisionEmbedder,
      towerOptional: true,
    },
    lookup,
  );
  return {
    ...family,
    build: (config, className) => {
      const audio = config.value('audio_config');
      if (audio !== null && audio !== undefined)
        throw fieldError(
          'audio_config',
          audio,
          'null: the audio tower (Gemma4AudioModel) is not counted yet',
        );
      return family.build(config, className);
    },
  };
};
