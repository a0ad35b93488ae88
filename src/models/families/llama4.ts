import type { ModuleSpec } from '../spec/model-spec.js';
import { type ProjectorContext, compositeFamily } from './composite-family.js';
import type { Family } from './family.js';
import { multimodalProjector } from './parts/projectors.js';

/** `Llama4MultiModalProjector`: one bias-free `linear_1` from `vision_output_dim` to the text width. */
function llama4Projector({ vision, text }: ProjectorContext): ModuleSpec {
  return multimodalProjector([
    { kind: 'linear', key: 'linear_1', label: 'proj', in: vision, out: text, bias: false },
  ]);
}

/**
 * Llama 4 with images (modeling_llama4.py, configuration_llama4.py: Llama4ForConditionalGeneration):
 * `vision_model` (Llama4VisionModel), `multi_modal_projector` and the whole Llama4ForCausalLM as
 * `language_model` side by side, the names the Hub's checkpoints have (`language_model.model.…`);
 * there is no Llama4Model. Llama4Config builds `text_config` as a Llama4TextConfig and
 * `vision_config` as a Llama4VisionConfig whatever their `model_type`, each over its defaults
 * (Scout's text sizes) when absent; the head is tied as the text config says (untied by default).
 */
export const llama4 = (lookup: () => readonly Family[]): Family =>
  compositeFamily(
    {
      modelTypes: ['llama4'],
      classPrefix: 'Llama4',
      defaults: {
        boi_token_index: 200080, // special tokens: no parameters
        eoi_token_index: 200081,
        image_token_index: 200092,
        tie_word_embeddings: false, // Llama4Config's; unread: Llama4ForCausalLM ties by its own
      },
      text: { defaultType: 'llama4_text', fixed: true },
      vision: { defaultType: 'llama4_vision_model', fixed: true },
      projector: llama4Projector,
      wholeCausalLM: true,
      // transformers names the parts as the Hub's files do: nothing to rename.
      checkpointRenames: () => [],
    },
    lookup,
  );
