import { compositeFamily } from './composite-family.js';
import type { Family } from './family.js';
import { gemma4AudioDefaults, gemma4AudioTower } from './gemma4-audio.js';
import { gemma4VisionEmbedder } from './parts/gemma4-projectors.js';

/**
 * Gemma 4 with images (modeling_gemma4.py: Gemma4ForConditionalGeneration, Gemma4Model): a
 * Gemma4TextModel as `language_model`, and, only when `vision_config` is given, a
 * Gemma4VisionModel as `vision_tower` with its `embed_vision`, and, only when `audio_config` is
 * given, a Gemma4AudioModel as `audio_tower` with its `embed_audio`. Gemma4Config leaves both
 * None, so the default class is the language model and its head alone.
 */
export const gemma4 = (lookup: () => readonly Family[]): Family =>
  compositeFamily(
    {
      modelTypes: ['gemma4'],
      classPrefix: 'Gemma4',
      defaults: {
        audio_config: null, // none: Gemma4Model builds no audio_tower nor embed_audio
        tie_word_embeddings: true, // Gemma4Config's: lm_head tied to the text model's embed_tokens
      },
      text: { defaultType: 'gemma4_text' },
      vision: { defaultType: 'gemma4_vision' },
      projector: gemma4VisionEmbedder,
      towerOptional: true,
      secondTower: (config, sizes, text) => {
        const audio = config.value('audio_config');
        if (audio === null || audio === undefined) return [];
        return gemma4AudioTower(config.sub('audio_config', gemma4AudioDefaults), sizes, text);
      },
    },
    lookup,
  );
