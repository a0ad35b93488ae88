import { fieldError, oneOf } from '../../../errors/user-error.js';
import type { ConfigFields, RawConfig } from '../../config/config-fields.js';

/** A nested config as its parent's class builds it: which config class, and its fields. */
export interface NestedConfig<T> {
  /** Its `model_type`: the one it writes, else the parent class's default. */
  readonly modelType: string;
  /** What that `model_type` stands for (a family, a tower). */
  readonly kind: T;
  readonly fields: ConfigFields;
}

/**
 * `text_config` or `vision_config` as a composite's config class reads it: a dict takes its own
 * `model_type` (else `defaultType`) and that class's defaults; an absent or null one is the class
 * built from `whenAbsent` (LLaVA's CLIP-L/336 tower), else from the defaults alone.
 */
export function nestedConfig<T>(
  config: ConfigFields,
  field: string,
  options: {
    readonly defaultType: string;
    /** The kinds the composite can nest, by `model_type`, with their config class's defaults. */
    readonly kinds: (
      modelType: string,
    ) =>
      | { kind: T; defaults: RawConfig; aliases?: Readonly<Record<string, readonly string[]>> }
      | undefined;
    readonly known: readonly string[];
    readonly whenAbsent?: RawConfig;
    /** Absent, the nested config is the parent's own top-level fields over its defaults (Qwen2-VL). */
    readonly flat?: boolean;
  },
): NestedConfig<T> {
  const raw = config.value(field);
  const written =
    raw && typeof raw === 'object' && !Array.isArray(raw)
      ? (raw as RawConfig).model_type
      : undefined;
  const modelType = written === undefined ? options.defaultType : written;
  if (typeof modelType !== 'string')
    throw fieldError(`${field}.model_type`, modelType, `one of ${oneOf(options.known)}`);
  const found = options.kinds(modelType);
  if (!found) throw fieldError(`${field}.model_type`, modelType, `one of ${oneOf(options.known)}`);
  const absent = raw === undefined || raw === null;
  const defaults =
    absent && options.whenAbsent ? { ...found.defaults, ...options.whenAbsent } : found.defaults;
  const fields =
    absent && options.flat
      ? config.over(defaults, found.aliases)
      : config.sub(field, defaults, found.aliases);
  return { modelType, kind: found.kind, fields };
}
