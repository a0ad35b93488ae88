import {
  adaptedKinds,
  type ModelModules,
  type ModuleGroup,
  type ModuleKind,
} from './lora-modules.js';

/**
 * `target_modules` as PEFT's `LoraConfig` takes it: a list of names, matched as a module's whole
 * name or its last dotted components; one string, a regular expression the whole name must match;
 * or `all-linear`, every Linear and Conv1D but the output head.
 */
export type TargetModules =
  | { readonly kind: 'names'; readonly names: readonly string[] }
  | { readonly kind: 'regex'; readonly pattern: string }
  | { readonly kind: 'all-linear' };

/** A group's modules that a config adapts: all of them, or those a pattern picks. */
export interface MatchedGroup {
  readonly group: ModuleGroup;
  readonly names: readonly string[];
}

/** What PEFT would do with a config on a model, before it counts anything. */
export interface LoraMatch {
  readonly adapted: readonly MatchedGroup[];
  /** Matched modules PEFT refuses or this count leaves out (a norm, a block, a convolution), with their kind. */
  readonly refused: ReadonlyArray<{ readonly name: string; readonly kind: ModuleKind }>;
  /** Matched modules tied to another's weight (a tied `lm_head`), which this count leaves out. */
  readonly tied: readonly string[];
  /** `modules_to_save`: the modules copied, outermost only, with their parameters. */
  readonly saved: ReadonlyArray<{ readonly name: string; readonly count: bigint }>;
  /** `modules_to_save` names that match no module (PEFT passes over them in silence). */
  readonly unsaved: readonly string[];
}

/**
 * A Python `re` pattern as a JavaScript one that matches the whole name, as `re.fullmatch` does
 * (peft/utils/other.py, `match_target_against_key`); named groups spelled the Python way are renamed.
 */
export function fullMatcher(pattern: string): RegExp {
  const js = pattern.replace(/\(\?P</g, '(?<').replace(/\(\?P=(\w+)\)/g, '\\k<$1>');
  return new RegExp(`^(?:${js})$`);
}

/**
 * Whether a module is a target (peft/tuners/tuners_utils.py, `check_target_module_exists`): a list
 * matches the whole name or a dotted suffix (`q_proj` matches `model.layers.0.self_attn.q_proj`, not
 * `xq_proj`); a pattern must match the whole name.
 */
export function isTarget(targets: TargetModules, name: string, regex?: RegExp): boolean {
  return targetTest(targets, regex)(name);
}

/** `isTarget` for one config, made once: the suffixes a list matches are written once, not per name. */
function targetTest(targets: TargetModules, regex?: RegExp): (name: string) => boolean {
  switch (targets.kind) {
    case 'names': {
      const list = targets.names;
      const suffixes = list.map((t) => `.${t}`);
      return (name) => list.some((t, i) => name === t || name.endsWith(suffixes[i]!));
    }
    case 'regex': {
      const pattern = regex ?? fullMatcher(targets.pattern);
      return (name) => pattern.test(name);
    }
    case 'all-linear':
      return () => false;
  }
}

/**
 * Whether a module sits in a `modules_to_save` module, or is one, which no adapter may target
 * (`check_target_module_exists`: `(^|.*\.){m}($|\..*)`): a whole dotted component sequence.
 */
const insideSaved = (name: string, saved: readonly string[]) =>
  saved.some(
    (m) =>
      name === m || name.startsWith(`${m}.`) || name.endsWith(`.${m}`) || name.includes(`.${m}.`),
  );

/**
 * The modules a config adapts and copies, as PEFT's `inject_adapter` and `_set_trainable`
 * (peft/utils/other.py) choose them. `modules_to_save` matches a module whose name ends with the
 * given text, dot or none (`classifier` also matches `pre_classifier`); a module inside a copied
 * one is copied with it.
 */
export function matchLora(
  modules: ModelModules,
  targets: TargetModules,
  modulesToSave: readonly string[] = [],
): LoraMatch {
  const regex = targets.kind === 'regex' ? fullMatcher(targets.pattern) : undefined;
  const target = targetTest(targets, regex);
  const allLinear = (name: string, kind: ModuleKind | undefined) =>
    (kind === 'linear' || kind === 'conv1d') && name !== modules.outputHead;
  const chosen = (name: string) =>
    (modulesToSave.length === 0 || !insideSaved(name, modulesToSave)) &&
    (targets.kind === 'all-linear' ? allLinear(name, modules.kinds.get(name)) : target(name));
  const adapted: MatchedGroup[] = [];
  for (const group of modules.groups) {
    if (!adaptedKinds.has(group.kind)) continue;
    const names = group.names.filter(chosen);
    if (names.length > 0) adapted.push({ group, names });
  }
  const refused: Array<{ name: string; kind: ModuleKind }> = [];
  for (const [name, kind] of modules.kinds)
    if (!adaptedKinds.has(kind) && chosen(name)) refused.push({ name, kind });
  const saves = (name: string) => modulesToSave.some((m) => name.endsWith(m));
  const tiedNames = [...modules.tied.keys()];
  const copied = modulesToSave.length === 0 ? [] : [...modules.kinds.keys()].filter(saves);
  const outermost = copied.filter((name) => !copied.some((o) => name.startsWith(`${o}.`)));
  const named = [...copied, ...tiedNames.filter(saves)];
  return {
    adapted,
    refused,
    tied: tiedNames.filter((name) => chosen(name) || saves(name)),
    saved: outermost.map((name) => ({ name, count: modules.counts.get(name) ?? 0n })),
    unsaved: modulesToSave.filter((m) => !named.some((name) => name.endsWith(m))),
  };
}
