import type { ConfigFields } from '../../config/config-fields.js';

/**
 * Whether a composite's `lm_head` is tied to its language model's `embed_tokens`, as transformers
 * 5 decides: `PreTrainedModel.get_expanded_tied_weights_keys` reads
 * `getattr(self.config, "tie_word_embeddings", False)` from the class's own config, for a
 * `…ForConditionalGeneration` the composite one. That flag is the composite's top-level
 * `tie_word_embeddings` as written, else its config class's default (a family's `defaults`);
 * `PreTrainedConfig` has no such field of its own and never reads it from `text_config`, except
 * where the class says so (`tiesFromText`: LlavaConfig, LlavaOnevisionConfig).
 */
export function compositeTied(
  config: ConfigFields,
  text: ConfigFields,
  tiesFromText: boolean,
): boolean {
  const own = config.flag('tie_word_embeddings');
  // LlavaConfig.__post_init__: `if not self.tie_word_embeddings and
  // self.text_config.tie_word_embeddings: self.tie_word_embeddings = …` (checkpoints that wrote
  // the flag only in their text config).
  return own || (tiesFromText && text.flag('tie_word_embeddings'));
}
