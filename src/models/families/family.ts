import type { ConfigFields, RawConfig } from '../config/config-fields.js';
import type { ModelSpec } from '../spec/model-spec.js';

/**
 * A model family (a transformers `model_type`): its config class defaults, the classes it knows,
 * and how a config becomes a model declaration. Families are data plus one small builder.
 */
export interface Family {
  /** `model_type` values this family reads (`llama`, or `falcon` and its old names). */
  readonly modelTypes: readonly string[];
  /** The defaults of the family's transformers config class, for fields absent from config.json. */
  readonly defaults: RawConfig;
  /** transformers' `attribute_map`: other names a field may be written under. */
  readonly aliases?: Readonly<Record<string, readonly string[]>>;
  /**
   * Nested configs and the family that declares their defaults when the config names no
   * `model_type` of its own (LLaVA: `text_config` → `llama`, `vision_config` → `clip`).
   */
  readonly nested?: Readonly<Record<string, string>>;
  /** The PyTorch classes this family can count, the first being the default. */
  readonly classes: readonly string[];
  /** The model declaration of `className` for this config. */
  build(config: ConfigFields, className: string): ModelSpec;
}
