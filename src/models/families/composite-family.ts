import { sym, type Expr } from '../../expr/nodes.js';
import { symbolInfo } from '../../symbols/table.js';
import type { ConfigFields, RawConfig } from '../config/config-fields.js';
import type { CheckpointRename, ModelSpec, ModuleSpec } from '../spec/model-spec.js';
import { SizeBook } from './building-blocks.js';
import type { Family } from './family.js';
import { compositeTied } from './parts/composite-tie.js';
import { nestedConfig } from './parts/nested-config.js';
import { type NestedTower, type VisionTowerKind, visionTowerKinds } from './vision-towers.js';

/**
 * A vision-language composite (LLaVA, Gemma 3, PaliGemma …): a vision tower, a projector and a
 * language model, each built from its nested config over its own config class's defaults
 * (`vision_config`, `text_config`), the language model by the family its `model_type` names.
 * transformers builds `…Model` as the three side by side and `…ForConditionalGeneration` as that
 * under `model` with an `lm_head`, tied as the composite's own config says (`compositeTied`).
 */
export interface CompositeDescription {
  readonly modelTypes: readonly string[];
  /** `Llava`: the classes are `LlavaForConditionalGeneration` and `LlavaModel`. */
  readonly classPrefix: string;
  /**
   * The composite config class's own defaults (projector fields, `vision_feature_layer`), among
   * them its `tie_word_embeddings`, which decides the head (Llama 4's: its `…ForCausalLM` does).
   */
  readonly defaults: RawConfig;
  /** The class ties the head also when the text config ties it (LlavaConfig's forward-pass). */
  readonly tiesFromText?: boolean;
  readonly text: NestedDefaults;
  readonly vision: NestedDefaults;
  /** The projector from the tower's width to the language model's (`multi_modal_projector`); none where the tower ends in its own (Qwen2-VL's `merger`). */
  projector?(context: ProjectorContext): ModuleSpec;
  /** The class's `_checkpoint_conversion_mapping`, where not LLaVA's; `prefix` is `model.` under a head. */
  checkpointRenames?(prefix: string): CheckpointRename[];
  /** The class also has a sequence-classification head (`score`, Gemma 3). */
  readonly sequenceClassification?: boolean;
  /** Parameters of the `…Model` beside the three parts (LLaVA-NeXT's `image_newline`). */
  extras?(context: ProjectorContext): ModuleSpec[];
  /** The language model's attribute when it is not `language_model` (Idefics3's `text_model`). */
  readonly languageKey?: string;
  /**
   * No tower and no projector when `vision_config` is absent or null (Gemma4Config leaves it
   * None, and Gemma4Model then builds no `vision_tower`), where others build a default tower.
   */
  readonly towerOptional?: boolean;
  /**
   * A second tower and its projector beside the vision tower, from the composite's config, over
   * the language model's width (Gemma 4's `audio_tower` and `embed_audio`); none when it gives none.
   */
  secondTower?(config: ConfigFields, sizes: SizeBook, text: Expr): ModuleSpec[];
  /**
   * The class holds the tower, the projector and the whole `…ForCausalLM` (`language_model.model`,
   * `language_model.lm_head`) side by side, with no `…Model` class (Llama 4).
   */
  readonly wholeCausalLM?: boolean;
}

/** What a composite's config class does with a nested config it is not given. */
interface NestedDefaults {
  /** The `model_type` it takes when the nested config names none. */
  readonly defaultType: string;
  /** The sizes the composite's class gives it when the nested config is absent altogether. */
  readonly whenAbsent?: RawConfig;
  /** The class builds `defaultType` whatever `model_type` the dict writes (Idefics3VisionConfig). */
  readonly fixed?: boolean;
  /** Absent, the nested config is the composite's own top-level fields (Qwen2-VL's older configs). */
  readonly flat?: boolean;
}

/** What a projector is built from: the composite's config, the sizes, the two widths. */
export interface ProjectorContext {
  readonly config: ConfigFields;
  readonly sizes: SizeBook;
  /** The vision tower's width (`d_vis`). */
  readonly vision: Expr;
  /** The language model's width (`d_model`). */
  readonly text: Expr;
}

/** Declares a composite family; `lookup` gives the families its language model may be. */
export function compositeFamily(
  description: CompositeDescription,
  lookup: () => readonly Family[],
): Family {
  const p = description.classPrefix;
  return {
    modelTypes: description.modelTypes,
    defaults: { text_config: null, vision_config: null, ...description.defaults },
    nested: {
      text_config: description.text.defaultType,
      vision_config: visionTowerKinds[description.vision.defaultType]!.declaredBy,
    },
    classes: [
      `${p}ForConditionalGeneration`,
      ...(description.wholeCausalLM ? [] : [`${p}Model`]),
      ...(description.sequenceClassification ? [`${p}ForSequenceClassification`] : []),
    ],
    build: (config, className) => buildComposite(description, config, className, lookup()),
  };
}

function buildComposite(
  description: CompositeDescription,
  config: ConfigFields,
  className: string,
  families: readonly Family[],
): ModelSpec {
  const textFamilies = families.filter((f) => !f.modelTypes.includes(description.modelTypes[0]!));
  const text = nestedConfig<Family>(config, 'text_config', {
    ...description.text,
    kinds: (written) => {
      const type = description.text.fixed ? description.text.defaultType : written;
      const family = textFamilies.find((f) => f.modelTypes.includes(type));
      const causal = family?.classes.find((c) => c.endsWith('ForCausalLM'));
      return family && causal
        ? {
            kind: family,
            defaults: family.defaults,
            ...(family.aliases ? { aliases: family.aliases } : {}),
          }
        : undefined;
    },
    known: textFamilies
      .filter((f) => f.classes.some((c) => c.endsWith('ForCausalLM')))
      .flatMap((f) => f.modelTypes),
  });
  const vision = nestedConfig<VisionTowerKind>(config, 'vision_config', {
    ...description.vision,
    kinds: (type) => {
      const kind =
        visionTowerKinds[description.vision.fixed ? description.vision.defaultType : type];
      return kind && { kind, defaults: kind.defaults };
    },
    known: Object.keys(visionTowerKinds),
  });
  const causalClass = text.kind.classes.find((c) => c.endsWith('ForCausalLM'))!;
  // Llama 4 nests the whole `Llama4ForCausalLM`, a model of its own that ties by its own config.
  const textFields = description.wholeCausalLM
    ? text.fields
    : text.fields.with(
        'tie_word_embeddings',
        compositeTied(config, text.fields, description.tiesFromText ?? false),
      );
  const language = text.kind.build(textFields, causalClass);
  const [base, ...head] = language.modules;
  if (base?.kind !== 'group') throw new Error(`${causalClass} declares no base model to nest`);
  const sizes = new SizeBook();
  const raw = config.value('vision_config');
  const noTower = description.towerOptional && (raw === undefined || raw === null);
  const tower: NestedTower | undefined = noTower
    ? undefined
    : vision.kind.build(vision.fields, sizes);
  const context = tower && { config, sizes, vision: tower.d, text: sym('d_model') };
  const projector = context && description.projector?.(context);
  const extras = context && description.extras?.(context);
  const languageModel: ModuleSpec = description.wholeCausalLM
    ? {
        kind: 'group',
        key: 'language_model',
        name: `language model (${causalClass})`,
        label: 'LM',
        children: language.modules,
      }
    : {
        ...base,
        key: description.languageKey ?? 'language_model',
        name: `language model (${base.name ?? causalClass})`,
        label: 'LM',
      };
  const inner: ModuleSpec[] = [
    ...(tower ? [tower.module] : []),
    ...(projector ? [projector] : []),
    ...(extras ?? []),
    ...(description.secondTower?.(config, sizes, sym('d_model')) ?? []),
    languageModel,
  ];
  const modules = description.wholeCausalLM
    ? inner
    : classModules(description, className, inner, head, textFields, sizes);
  return {
    ...language,
    name: className,
    sizes: mergedSizes(language.sizes, sizes.sizes),
    symbols: { ...textFieldsOf(language.sizes), ...language.symbols },
    modules,
    ...contextOf(textFields),
    ...(tower?.perImage ? { imageTower: tower.perImage } : {}),
    checkpointRenames: (
      description.checkpointRenames ??
      ((prefix: string) =>
        legacyNames(
          prefix,
          (extras ?? []).map((m) => m.key),
        ))
    )(className.endsWith('Model') ? '' : 'model.'),
  };
}

/** The class's modules: the three parts side by side (`…Model`), or under `model` with a head. */
function classModules(
  description: CompositeDescription,
  className: string,
  inner: ModuleSpec[],
  lmHead: ModuleSpec[],
  text: ConfigFields,
  sizes: SizeBook,
): ModuleSpec[] {
  if (className.endsWith('Model')) return inner;
  const model: ModuleSpec = {
    kind: 'group',
    key: 'model',
    name: `${description.classPrefix}Model`,
    label: 'base',
    children: inner,
  };
  if (className.endsWith('ForSequenceClassification'))
    return [
      model,
      {
        kind: 'linear',
        key: 'score',
        name: 'classification head',
        label: 'score',
        role: 'head',
        in: sym('d_model'),
        out: sizes.bind('n_labels', text.numLabels()),
        bias: false,
      },
    ];
  return [model, ...lmHead];
}

/** The two size books together; a symbol both bind must agree (the families' symbols are apart). */
function mergedSizes(
  a: Readonly<Record<string, bigint>>,
  b: Readonly<Record<string, bigint>>,
): Record<string, bigint> {
  for (const [name, value] of Object.entries(b))
    if (a[name] !== undefined && a[name] !== value)
      throw new Error(`the language model and the tower both bind ${name}`);
  return { ...a, ...b };
}

/** The language model's symbols read from `text_config.…`, for the documents' symbol tables. */
function textFieldsOf(sizes: Readonly<Record<string, bigint>>) {
  return Object.fromEntries(
    Object.keys(sizes).flatMap((name) => {
      const field = symbolInfo(name)?.fields[0];
      return field && !field.includes('.') ? [[name, { field: `text_config.${field}` }]] : [];
    }),
  );
}

/** The longest sequence and the heads a layer, which the loader reads at the top level, from the text config. */
function contextOf(text: ConfigFields) {
  const context = text.value('max_position_embeddings');
  const heads = text.value('num_attention_heads');
  return {
    ...(typeof context === 'number' && Number.isSafeInteger(context) && context > 0
      ? { contextLength: BigInt(context) }
      : {}),
    ...(typeof heads === 'number' && Number.isSafeInteger(heads) && heads > 0
      ? { attentionHeads: BigInt(heads) }
      : {}),
  };
}

/**
 * transformers' `_checkpoint_conversion_mapping`: checkpoints saved before the composites were
 * restructured (most on the Hub) name the parts `language_model.model.…`, `vision_tower.…`,
 * `multi_modal_projector.…`, `language_model.lm_head` and any extras by their bare names; read as
 * today's names.
 */
const legacyNames = (prefix: string, extras: readonly string[] = []): CheckpointRename[] => [
  { from: '^language_model\\.model\\.', to: `${prefix}language_model.` },
  { from: '^language_model\\.lm_head\\.', to: 'lm_head.' },
  { from: '^vision_tower\\.', to: `${prefix}vision_tower.` },
  { from: '^multi_modal_projector\\.', to: `${prefix}multi_modal_projector.` },
  ...extras.map((key) => ({ from: `^${key}$`, to: `${prefix}${key}` })),
];
