import { compositeFamily } from './composite-family.js';
import type { Family } from './family.js';
import { idefics3Connector } from './parts/idefics3-connector.js';

/**
 * Idefics3 (modeling_idefics3.py, configuration_idefics3.py) and SmolVLM (modeling_smolvlm.py,
 * configuration_smolvlm.py), the same model under two names: the vision transformer under
 * `vision_model`, the pixel-shuffle connector, the language model under `text_model` (Llama by
 * default) and `lm_head`. Their config classes build `vision_config` as their own vision config
 * whatever `model_type` it writes, and with no `text_config` a default LlamaConfig, untied.
 */
const idefics3Like =
  (modelType: string, classPrefix: string, visionType: string) =>
  (lookup: () => readonly Family[]): Family =>
    compositeFamily(
      {
        modelTypes: [modelType],
        classPrefix,
        defaults: {
          scale_factor: 2, // the connector folds 2 × 2 patches into one token
          tie_word_embeddings: false, // Idefics3Config's and SmolVLMConfig's own
        },
        text: { defaultType: 'llama', whenAbsent: { tie_word_embeddings: false } },
        vision: { defaultType: visionType, fixed: true },
        projector: idefics3Connector,
        languageKey: 'text_model',
      },
      lookup,
    );

/** Idefics3 (Idefics3-8B-Llama3). */
export const idefics3 = idefics3Like('idefics3', 'Idefics3', 'idefics3_vision');

/** SmolVLM (SmolVLM-Instruct, SmolVLM2), Idefics3 renamed. */
export const smolvlm = idefics3Like('smolvlm', 'SmolVLM', 'smolvlm_vision');
