import { compositeFamily } from './composite-family.js';
import { decoderFamily } from './decoder-family.js';
import type { Family } from './family.js';
import { separateQkv } from './parts/attention-kinds.js';
import { gatedMlp } from './parts/feed-forward-kinds.js';
import { normPlacements } from './parts/norm-placements.js';
import type { CheckpointRename } from '../spec/model-spec.js';

/**
 * Qwen2_5_VLTextConfig's defaults (configuration_qwen2_5_vl.py; Qwen2VLTextConfig's are the same),
 * for the text families and the composites' older configs, which write these fields at the top.
 */
const qwenVlTextDefaults = {
  vocab_size: 152064, // Qwen2.5-VL-7B writes its own
  hidden_size: 8192, // the 72B's width
  intermediate_size: 29568,
  num_hidden_layers: 80,
  num_attention_heads: 64,
  num_key_value_heads: 8,
  head_dim: null, // the config class has no head_dim: d / n_h (Qwen2.5-VL-7B leaves it out)
  tie_word_embeddings: false, // Qwen2.5-VL-7B writes false; the 3B true
};

/** A Qwen2-VL-style language model: Qwen2's layers, Q/K/V biased and O not, no task heads. */
const qwenVlText = (modelType: string, classPrefix: string): Family =>
  decoderFamily({
    modelTypes: [modelType],
    classPrefix,
    defaults: qwenVlTextDefaults,
    taskHeads: [],
    attention: separateQkv({ bias: { layout: 'qkv' } }),
    feedForward: gatedMlp(),
    norms: normPlacements.pre,
  });

/**
 * Qwen2.5-VL's language model (`Qwen2_5_VLTextModel`). transformers has no causal-LM class of its
 * own for it; the composite nests its base model.
 */
export const qwen25VlText = qwenVlText('qwen2_5_vl_text', 'Qwen2_5_VLText');

/** Qwen2-VL's language model (`Qwen2VLTextModel`), its config class's defaults the same. */
export const qwen2VlText = qwenVlText('qwen2_vl_text', 'Qwen2VLText');

/**
 * Qwen2-VL's `_checkpoint_conversion_mapping`: the Hub's checkpoints name the tower `visual.…` and
 * the language model `model.…` (its layers, embeddings, norm); read as today's names.
 */
const qwenVlNames = (prefix: string): CheckpointRename[] => [
  { from: '^visual\\.', to: `${prefix}visual.` },
  { from: '^model\\.(?!language_model\\.|visual\\.)', to: `${prefix}language_model.` },
];

/**
 * Qwen2.5-VL (modeling_qwen2_5_vl.py, configuration_qwen2_5_vl.py): `Qwen2_5_VLModel` holds the
 * vision tower under `visual` (its patch merger is the projector) and the text model under
 * `language_model`; `Qwen2_5_VLForConditionalGeneration` nests it under `model` with an
 * `lm_head`. Without `text_config` the config class builds the text config from its own fields.
 */
export const qwen25Vl = (lookup: () => readonly Family[]): Family =>
  compositeFamily(
    {
      modelTypes: ['qwen2_5_vl'],
      classPrefix: 'Qwen2_5_VL',
      defaults: {
        text_config: null, // Qwen2.5-VL-7B has none: its text fields sit at the top level
        tie_word_embeddings: false, // as Qwen2VLConfig's; the 7B writes false, the 3B true
      },
      text: { defaultType: 'qwen2_5_vl_text', flat: true },
      vision: { defaultType: 'qwen2_5_vl' },
      checkpointRenames: qwenVlNames,
    },
    lookup,
  );

/**
 * Qwen2-VL (modeling_qwen2_vl.py, configuration_qwen2_vl.py): Qwen2.5-VL's layout (`visual`,
 * `language_model`, the same conversion mapping and flat older configs) with Qwen2-VL's tower.
 */
export const qwen2Vl = (lookup: () => readonly Family[]): Family =>
  compositeFamily(
    {
      modelTypes: ['qwen2_vl'],
      classPrefix: 'Qwen2VL',
      defaults: {
        text_config: null, // Qwen2-VL-7B has none: its text fields sit at the top level
        tie_word_embeddings: false, // Qwen2VLConfig's own; Qwen2-VL-7B writes false
      },
      text: { defaultType: 'qwen2_vl_text', flat: true },
      vision: { defaultType: 'qwen2_vl' },
      checkpointRenames: qwenVlNames,
    },
    lookup,
  );
