import { compositeFamily } from './composite-family.js';
import type { CheckpointRename } from '../spec/model-spec.js';
import type { Family } from './family.js';

/** No renames: LLaVA's older names (`language_model.model.…`) do not load into these classes. */
const noRenames = (): CheckpointRename[] => [];

/**
 * Qwen3.5 (modeling_qwen3_5.py, configuration_qwen3_5.py): `Qwen3_5Model` holds the Qwen3.5 tower
 * under `visual` (Qwen3-VL's without DeepStack; its merger is the projector) and the hybrid Gated
 * DeltaNet text model under `language_model`, built by the family registered for `qwen3_5_text`;
 * the generation class nests it under `model` with an `lm_head`. Its classes map no older names
 * (no `_checkpoint_conversion_mapping`, and not one of the VLMs whose mapping transformers 5 still
 * applies): the Hub's checkpoints are written as `model.visual.…` and `model.language_model.…`.
 */
export const qwen35 = (lookup: () => readonly Family[]): Family =>
  compositeFamily(
    {
      modelTypes: ['qwen3_5'],
      classPrefix: 'Qwen3_5',
      defaults: {
        tie_word_embeddings: false, // Qwen3_5Config's (from Qwen3VLConfig), not text_config's
      },
      text: { defaultType: 'qwen3_5_text' },
      vision: { defaultType: 'qwen3_5_vision' },
      checkpointRenames: noRenames,
    },
    lookup,
  );

/** Qwen3.5-MoE (modeling_qwen3_5_moe.py): Qwen3.5's layout over the `qwen3_5_moe_text` model. */
export const qwen35Moe = (lookup: () => readonly Family[]): Family =>
  compositeFamily(
    {
      modelTypes: ['qwen3_5_moe'],
      classPrefix: 'Qwen3_5Moe',
      defaults: {
        tie_word_embeddings: false, // Qwen3_5MoeConfig's (from Qwen3VLConfig), not text_config's
      },
      text: { defaultType: 'qwen3_5_moe_text' },
      vision: { defaultType: 'qwen3_5_moe_vision' },
      checkpointRenames: noRenames,
    },
    lookup,
  );
