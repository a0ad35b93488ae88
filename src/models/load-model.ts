import { fieldError, oneOf, show, UserError } from '../errors/user-error.js';
import { didYouMean } from '../errors/suggest.js';
import { parseJson } from '../json/parse-json.js';
import type { Setting } from '../targets/parameters.js';
import { ConfigFields, type RawConfig } from './config/config-fields.js';
import type { Family } from './families/family.js';
import { families } from './families/registry.js';
import type { ModelSpec, ModuleSpec } from './spec/model-spec.js';
import { leavesOf } from './spec/visit-modules.js';
import { evaluate, type Bindings } from '../expr/evaluate.js';
import { symbolInfo } from '../symbols/table.js';

/** A model to derive: a config (from a file or a preset), optionally a class and field overrides. */
export interface ModelRequest {
  readonly config: RawConfig;
  /** Where the config came from, for titles and errors: a path or a preset's repository. */
  readonly source: string;
  readonly className?: string;
  readonly overrides?: readonly Setting[];
}

/** A model declaration with the facts about how it was chosen. */
export interface LoadedModel {
  readonly spec: ModelSpec;
  readonly family: Family;
  readonly modelType: string;
  readonly className: string;
  readonly source: string;
}

/** Every `model_type` the families read, for error messages and `tparams list`. */
export const supportedModelTypes = (): string[] => families.flatMap((f) => f.modelTypes);

/** Picks the family and class, applies overrides and builds the model declaration. */
export function loadModel(request: ModelRequest): LoadedModel {
  if (
    typeof request.config !== 'object' ||
    request.config === null ||
    Array.isArray(request.config)
  ) {
    throw new UserError(`${request.source}: expected a JSON object (a model's config.json)`);
  }
  const modelType = applyOverrides(request.config, request.overrides ?? []).model_type;
  const known = `one of the ${supportedModelTypes().length} model types 'tparams list' shows`;
  if (typeof modelType !== 'string') {
    throw new UserError(
      `config field model_type ${modelType === undefined ? 'is missing' : `= ${show(modelType)}`}: expected ${known} (or describe the model with --spec)`,
      { field: 'model_type', expected: known },
    );
  }
  const family = families.find((f) => f.modelTypes.includes(modelType));
  if (!family) throw unsupportedModelType(modelType, request.config, known);
  const config = applyOverrides(request.config, request.overrides ?? [], family.aliases);
  const className = request.className ?? firstArchitecture(config) ?? family.classes[0]!;
  if (!family.classes.includes(className)) {
    const hint = didYouMean(className, family.classes);
    throw new UserError(
      `class ${className} is not one ${modelType} can count: ${hint ? `${hint} ` : ''}expected one of ${oneOf(family.classes)}`,
      { field: 'class', received: className },
    );
  }
  const fields = new ConfigFields(config, family.defaults, modelType, family.aliases);
  const spec = family.build(fields, className);
  checkRouting(spec.modules, spec.sizes, fields);
  const contextLength = contextLengthOf(fields);
  const attentionHeads = firstSize(fields, [
    'num_attention_heads',
    'n_head',
    'num_heads',
    'decoder_attention_heads',
    'encoder_attention_heads',
  ]);
  refuseUnread(request, fields, family, modelType);
  return {
    spec: {
      ...spec,
      ...(contextLength ? { contextLength } : {}),
      ...(attentionHeads ? { attentionHeads } : {}),
    },
    family,
    modelType,
    className,
    source: request.source,
  };
}

function firstSize(fields: ConfigFields, names: readonly string[]): bigint | undefined {
  for (const name of names) {
    const value = fields.value(name);
    if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return BigInt(value);
  }
  return undefined;
}

/** The config's maximum sequence length, under whichever name the family uses, if it has one. */
function contextLengthOf(fields: ConfigFields): bigint | undefined {
  // Whisper's decoder: max_target_positions (its encoder's max_source_positions are audio frames).
  return firstSize(fields, [
    'max_position_embeddings',
    'n_positions',
    'n_ctx',
    'max_target_positions',
  ]);
}

function firstArchitecture(config: RawConfig): string | undefined {
  const list = config.architectures;
  if (list === undefined || list === null) return undefined;
  if (!Array.isArray(list) || typeof list[0] !== 'string') {
    throw new UserError(
      `config field architectures = ${show(list)}: expected a list of class names`,
      { field: 'architectures' },
    );
  }
  return list[0];
}

/**
 * Refuses a `--set` of a field that the count never reads and that neither the file nor its
 * config class has: a typo, or a derivation's symbol (`d_model`) taken for a field, would else
 * leave the count as it was without a word. A real field read only in some configs (an MoE size
 * of a dense model) stays accepted: setting it is meaningful, it changes nothing here.
 */
function refuseUnread(
  request: ModelRequest,
  fields: ConfigFields,
  family: Family,
  modelType: string,
): void {
  const aliases = family.aliases ?? {};
  const groupOf = (field: string): string[] => {
    const group = Object.entries(aliases).find(
      ([name, others]) => name === field || others.includes(field),
    );
    return group ? [group[0], ...group[1]] : [field];
  };
  const known = (path: string): boolean => {
    const dot = path.indexOf('.');
    if (dot > 0) {
      const inner = request.config[path.slice(0, dot)];
      return fields.wasRead(path) || (isObject(inner) && Object.hasOwn(inner, path.slice(dot + 1)));
    }
    return groupOf(path).some(
      (name) =>
        fields.wasRead(name) ||
        Object.hasOwn(request.config, name) ||
        Object.hasOwn(family.defaults, name),
    );
  };
  for (const [field, raw] of request.overrides ?? []) {
    if (field === 'model_type' || field === 'architectures' || known(field)) continue;
    const candidates = [
      ...new Set([
        ...fields.fieldsRead(),
        ...Object.keys(request.config),
        ...Object.keys(family.defaults),
      ]),
    ];
    // A derivation's symbol (`d_model`) names the fields it stands for in the symbol table.
    const meant = (symbolInfo(field)?.fields ?? []).filter((name) => name !== field && known(name));
    const hint = meant.length
      ? `${field} is a symbol of the derivation; its field here is ${oneOf(meant)}`
      : didYouMean(field, candidates);
    throw new UserError(
      `--set ${field}=${raw}: a ${modelType} config has no field ${show(field)} that the count reads (--set takes config.json fields${hint ? `; ${hint}` : ''})`,
      { field: '--set', received: field, expected: `a field of the ${modelType} config` },
    );
  }
}

/**
 * The config with `--set` overrides applied. A field with aliases (`n_embd` / `hidden_size`) is
 * written under every name of it the file uses, so the override is the value the family reads
 * whichever name it asks for.
 */
function applyOverrides(
  config: RawConfig,
  overrides: readonly Setting[],
  aliases: Readonly<Record<string, readonly string[]>> = {},
): RawConfig {
  const out: Record<string, unknown> = { ...config };
  const namesOf = (field: string): string[] => {
    const group = Object.entries(aliases).find(
      ([name, others]) => name === field || others.includes(field),
    );
    const names = group ? [group[0], ...group[1]] : [field];
    const present = names.filter((n) => Object.hasOwn(config, n));
    return [...new Set([field, ...present])];
  };
  for (const [field, raw] of overrides) {
    let value: unknown;
    try {
      // As a config file is read: an integer of any length stays exact (`--set num_hidden_layers=99999999999999999999`).
      value = parseJson(raw, field);
    } catch {
      value = raw;
    }
    const dot = field.indexOf('.');
    const nested = dot > 0 ? field.slice(0, dot) : undefined;
    const inner = nested === undefined ? undefined : out[nested];
    if (nested !== undefined && (inner === undefined || inner === null || isObject(inner))) {
      // `--set text_config.hidden_size=4096`: a field of a nested config (a composite's language
      // model, its tower), in a copy of that object.
      const copy = { ...((inner ?? {}) as Record<string, unknown>) };
      define(copy, field.slice(dot + 1), value);
      define(out, nested, copy);
      continue;
    }
    for (const name of namesOf(field)) define(out, name, value);
  }
  return out;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Sets a field as data: defined, not assigned, so `--set __proto__=…` is a field of that name, not the prototype. */
function define(target: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(target, name, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/**
 * A token passes through at most every routed expert: `num_experts_per_tok` above the experts there
 * are is refused, in every family's mixture-of-experts layers (Mixtral with k = 50 had 283 B active
 * parameters of 46.7 B). The field names are the config's own (`num_local_experts`, `n_routed_experts`, …).
 */
function checkRouting(modules: readonly ModuleSpec[], sizes: Bindings, fields: ConfigFields): void {
  for (const module of leavesOf(modules)) {
    if (module.kind === 'moe' && module.topK !== undefined) {
      const [topK, experts] = [evaluate(module.topK, sizes), evaluate(module.experts, sizes)];
      if (topK <= experts) continue;
      const field = (symbol: string, fallback: string) =>
        symbolInfo(symbol)?.fields.find((f) => fields.value(f) !== undefined) ?? fallback;
      const expertsField =
        module.experts.kind === 'sym' ? field(module.experts.name, 'the experts') : 'the experts';
      throw fieldError(
        `config field ${field('k_top', 'num_experts_per_tok')}`,
        topK,
        `at most the number of routed experts, ${expertsField} = ${experts}`,
      );
    }
  }
}

/**
 * An unsupported `model_type` in one short line: the type, the nearest supported ones, how many are
 * known, `--spec`, and, where the config nests a supported one (`gemma3`'s `text_config` is a
 * `gemma3_text` config), exactly which, and how to derive it.
 */
function unsupportedModelType(modelType: string, config: RawConfig, known: string): UserError {
  const nested = Object.entries(config).find(([, value]) => {
    const inner =
      typeof value === 'object' && value !== null && !Array.isArray(value)
        ? (value as RawConfig).model_type
        : undefined;
    return typeof inner === 'string' && families.some((f) => f.modelTypes.includes(inner));
  });
  // (a nested config is the way; names near the outer type are not)
  const hint = nested ? '' : didYouMean(modelType, supportedModelTypes());
  const route = nested
    ? `; its ${nested[0]} is a supported ${String((nested[1] as RawConfig).model_type)} config: save that object as a config.json and derive it with --config`
    : '; describe the model with --spec';
  return new UserError(
    `config field model_type = "${modelType}": unsupported, not ${known}${hint ? ` (${hint})` : ''}${route}`,
    { field: 'model_type', received: modelType, expected: known },
  );
}
