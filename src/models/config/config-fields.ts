import { fieldError, UserError } from '../../errors/user-error.js';

/** A config.json as parsed: field names to JSON values. */
export type RawConfig = Readonly<Record<string, unknown>>;

/**
 * Reads a model config the way its transformers config class does: a field absent from the file
 * takes the class default, an explicit `null` means None, and attribute aliases (`n_head` for
 * `num_attention_heads`) are followed. Every read checks the type and names the field when it fails.
 */
export class ConfigFields {
  constructor(
    private readonly raw: RawConfig,
    private readonly defaults: RawConfig,
    /** The family, for error messages: "llama". */
    readonly family: string,
    /** Alternative names of a field, as transformers' `attribute_map`. */
    private readonly aliases: Readonly<Record<string, readonly string[]>> = {},
    /** Where this config sits in the file, for messages: `text_config.` for a nested one. */
    private readonly path = '',
    /**
     * Every field asked for, by its path (`text_config.hidden_size`), under each of its names:
     * one set for a config and its nested ones, so a `--set` nothing reads can be refused.
     */
    private readonly reads = new Set<string>(),
  ) {}

  /** Whether a field (by its path: `hidden_size`, `text_config.hidden_size`) was asked for. */
  wasRead(path: string): boolean {
    return this.reads.has(path);
  }

  /** The fields asked for at this config's own level, for suggestions. */
  fieldsRead(): string[] {
    return [...this.reads]
      .filter((read) => read.startsWith(this.path))
      .map((read) => read.slice(this.path.length));
  }

  /**
   * A nested config (`text_config`, `vision_config`, `encoder`): its own fields over the defaults of
   * its own config class, as transformers builds it; absent or null, the defaults alone.
   */
  sub(
    name: string,
    defaults: RawConfig,
    aliases: Readonly<Record<string, readonly string[]>> = {},
  ): ConfigFields {
    const raw = this.value(name);
    if (raw !== undefined && raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) {
      throw fieldError(`${this.path}${name}`, raw, 'an object (a nested config)');
    }
    return new ConfigFields(
      (raw ?? {}) as RawConfig,
      defaults,
      this.family,
      aliases,
      `${this.path}${name}.`,
      this.reads,
    );
  }

  /**
   * These same fields over another config class's defaults: Qwen2-VL's config builds its text
   * config from its own top-level fields when the file has no `text_config`.
   */
  over(
    defaults: RawConfig,
    aliases: Readonly<Record<string, readonly string[]>> = {},
  ): ConfigFields {
    return new ConfigFields(this.raw, defaults, this.family, aliases, this.path, this.reads);
  }

  /**
   * These fields with one set as if the file wrote it: a composite's config class decides the
   * language model's `tie_word_embeddings` from its own top-level flag.
   */
  with(name: string, value: unknown): ConfigFields {
    const raw = Object.fromEntries(
      Object.entries(this.raw).filter(([key]) => !this.namesOf(name).includes(key)),
    );
    return new ConfigFields(
      { ...raw, [name]: value },
      this.defaults,
      this.family,
      this.aliases,
      this.path,
      this.reads,
    );
  }

  /** The field's value: from the file (under its name or an alias), else the class default. */
  value(name: string): unknown {
    this.noteRead(name);
    for (const key of this.namesOf(name)) {
      if (Object.hasOwn(this.raw, key)) return this.raw[key];
    }
    return Object.hasOwn(this.defaults, name) ? this.defaults[name] : undefined;
  }

  /** Whether the field was written in the file itself (not only defaulted). */
  given(name: string): boolean {
    this.noteRead(name);
    return this.namesOf(name).some((key) => Object.hasOwn(this.raw, key));
  }

  private noteRead(name: string): void {
    for (const key of this.namesOf(name)) this.reads.add(this.path + key);
  }

  /** A field's name and its aliases. (Own entries only: a field called `constructor` is an ordinary unknown one.) */
  private namesOf(name: string): readonly string[] {
    return [name, ...(Object.hasOwn(this.aliases, name) ? this.aliases[name]! : [])];
  }

  /** A positive integer size (`hidden_size`). */
  size(name: string): bigint {
    const value = this.value(name);
    if (value === undefined) throw this.missing(name, 'a positive integer');
    return positiveInteger(this.path + name, value);
  }

  /** A positive integer, or undefined when the field is absent or null (None). */
  optionalSize(name: string): bigint | undefined {
    const value = this.value(name);
    return value === undefined || value === null
      ? undefined
      : positiveInteger(this.path + name, value);
  }

  /** A whole number that may be 0 (`first_k_dense_replace`). */
  count(name: string): bigint {
    const value = this.value(name);
    if (value === undefined) throw this.missing(name, 'a whole number ≥ 0');
    const whole = wholeNumber(value);
    if (whole === undefined || whole < 0n)
      throw fieldError(this.path + name, value, 'a whole number ≥ 0');
    return whole;
  }

  /** A boolean flag. */
  flag(name: string): boolean {
    const value = this.value(name);
    if (value === undefined) throw this.missing(name, 'true or false');
    if (typeof value !== 'boolean') throw fieldError(this.path + name, value, 'true or false');
    return value;
  }

  /** A string setting (`feed_forward_proj`). */
  text(name: string): string {
    const value = this.value(name);
    if (value === undefined) throw this.missing(name, 'a string');
    if (typeof value !== 'string') throw fieldError(this.path + name, value, 'a string');
    return value;
  }

  /** Output classes of a classification head: `num_labels`, else the size of `id2label`, else 2. */
  numLabels(): bigint {
    if (this.value('num_labels') !== undefined && this.value('num_labels') !== null)
      return this.size('num_labels');
    const id2label = this.value('id2label');
    if (id2label && typeof id2label === 'object') return BigInt(Object.keys(id2label).length);
    return 2n;
  }

  private missing(name: string, expected: string): UserError {
    return new UserError(
      `config field ${this.path}${name} is missing: expected ${expected} (the ${this.family} config class has no default for it)`,
      {
        field: this.path + name,
        expected,
      },
    );
  }
}

function positiveInteger(name: string, value: unknown): bigint {
  const whole = wholeNumber(value);
  if (whole === undefined || whole < 1n) throw fieldError(name, value, 'a positive integer');
  return whole;
}

/** A JSON integer of any length: a safe number, or a bigint (parseJson keeps longer ones exact). */
function wholeNumber(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value;
  return typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : undefined;
}

/** Requires `a` to be divisible by `b`, naming both fields. */
export function requireMultiple(aField: string, a: bigint, bField: string, b: bigint): void {
  if (a % b !== 0n) throw fieldError(aField, Number(a), `a multiple of ${bField} = ${b}`);
}
