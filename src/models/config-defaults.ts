import type { RawConfig } from './config/config-fields.js';
import { families } from './families/registry.js';

/**
 * A config.json with the defaults of its config class filled in where it is silent, as
 * transformers builds the config object: the family's that reads its `model_type`, and, in a
 * nested config (`text_config`, `vision_config`), the family of its own `model_type` or of the
 * one the composite declares (`Family.nested`). A derivation read from a header names its
 * dimensions from these, so a field left to its default (Gemma 3's head counts) still names one.
 * A `model_type` no family reads leaves the config as it is.
 */
export function configWithDefaults(config: RawConfig): RawConfig {
  const family = familyOf(config.model_type);
  if (!family) return config;
  const filled: Record<string, unknown> = { ...family.defaults, ...config };
  for (const [key, value] of Object.entries(config)) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) continue;
    const nested = value as RawConfig;
    const inner = familyOf(nested.model_type) ?? familyOf(family.nested?.[key]);
    if (inner) filled[key] = { ...inner.defaults, ...nested };
  }
  return filled as RawConfig;
}

function familyOf(modelType: unknown) {
  return typeof modelType === 'string'
    ? families.find((f) => f.modelTypes.includes(modelType))
    : undefined;
}
