import type { Part } from '../components/part.js';
import { deriveFigure } from '../derive/figure.js';
import { factoringRules } from '../derive/notation-rules.js';
import type { Derivation } from '../derive/steps.js';
import { evaluate, type Bindings } from '../expr/evaluate.js';
import { humanFactored } from '../expr/human-factor.js';
import { add, label, mul, num, ref, sym, type Expr, type Mul } from '../expr/nodes.js';
import { closedFormOf, type CountedModel } from './counted-model.js';
import { expectedParameters } from './expected-parameters.js';
import type { LoraMatch, MatchedGroup } from './lora-match.js';
import type { ModuleKind } from './lora-modules.js';

/** LoRA's size: the rank r, and α, which scales the update by α/r and adds no parameter. */
export interface LoraSettings {
  readonly rank: bigint;
  /** `lora_alpha`; PEFT's default is 8. */
  readonly alpha: number;
}

/** Modules adapted alike: one weight of the tree, in every copy the targets picked. */
export interface AdaptedModules {
  readonly kind: ModuleKind;
  /** Their names, a component that varies written `*`: `model.layers.*.self_attn.q_proj`. */
  readonly pattern: string;
  readonly modules: number;
  /** `in_features` and `out_features` (an embedding's rows and width), as formulas and values. */
  readonly in: Expr;
  readonly out: Expr;
  readonly inValue?: bigint;
  readonly outValue?: bigint;
}

/** What `print_trainable_parameters()` reports, each figure a derivation. */
export interface LoraCount extends LoraSettings {
  readonly adapted: readonly AdaptedModules[];
  readonly saved: LoraMatch['saved'];
  readonly unsaved: readonly string[];
  /** `P_LoRA = Σ r·(in + out)`, grouped by the repeats the modules sit in (`L·r·(…)`). */
  readonly adapters: Derivation;
  /** `P_save`: the `modules_to_save` copies, trainable while the originals stay frozen. */
  readonly copies?: Derivation;
  /** `P_train = P_LoRA + P_save`: PEFT's "trainable params". */
  readonly trainable: Derivation;
  /** `P_all = P_model + P_LoRA + P_save`: PEFT's "all params", the frozen originals counted too. */
  readonly total: Derivation;
  /** 100 · trainable / all, as PEFT prints it (`trainable%`). */
  readonly percent?: number;
  /** The sizes the figures used beyond the model's (`r`). */
  readonly sizes: Bindings;
}

/** Names with the components that differ between them written `*`. */
export function namePattern(names: readonly string[]): string {
  const split = names.map((n) => n.split('.'));
  const first = split[0]!;
  if (split.some((s) => s.length !== first.length)) return names[0]!;
  return first.map((c, i) => (split.every((s) => s[i] === c) ? c : '*')).join('.');
}

/** An expression's value, or undefined where a size is unknown. */
export const valueIfKnown = (e: Expr, bindings: Bindings) => {
  try {
    return evaluate(e, bindings);
  } catch {
    return undefined;
  }
};

/**
 * How many times a group's picked modules occur, as a product of its repeats' counts when every
 * copy is picked (`L`, `L_dec`), else as a number (a pattern that picks some layers only).
 */
export function multiplicity({ group, names }: MatchedGroup, bindings: Bindings): Expr[] {
  const copies = group.copies.reduce<bigint | undefined>((n, e) => {
    const v = valueIfKnown(e, bindings);
    return n === undefined || v === undefined ? undefined : n * v;
  }, 1n);
  if (names.length !== group.names.length || copies === undefined || copies === 0n)
    return [num(names.length)];
  const occurrences = BigInt(names.length) / copies;
  return occurrences === 1n ? [...group.copies] : [num(occurrences), ...group.copies];
}

/** A key equal for equal multiplicities, to write modules of the same layers under one count. */
const keyOf = (factors: readonly Expr[]) =>
  JSON.stringify(factors, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

/**
 * One count's modules factored as a person would: `L·r·(2·d_model + n_h·d_h + n_kv·d_h)`, the
 * repeats' counts and r first, a common integer before them (`2·L·r·(d_model + n_h·d_h)`).
 */
function underCount(factors: readonly Expr[], r: Expr, modules: readonly Expr[]): Expr {
  const inner = humanFactored(add(...modules.map((m) => (m as Mul).factors[1]!)), factoringRules());
  const [lead, rest] =
    inner.kind === 'mul' && inner.factors[0]?.kind === 'num'
      ? [inner.factors[0].value, inner.factors.slice(1)]
      : [1n, [inner]];
  // Constants merged: two of the layers' modules, twice each, read `4·r·(…)`, not `2·2·r·(…)`.
  const c = factors.reduce((n, f) => (f.kind === 'num' ? n * f.value : n), lead);
  const counts = factors.filter((f) => f.kind !== 'num');
  return mul(...(c === 1n ? [] : [num(c)]), ...counts, r, ...rest);
}

/** The modules' copies' own parameters, summed from the tree's tensors (a count if none is named). */
function copiesFormula(part: Part, bindings: Bindings, saved: LoraMatch['saved']): Expr {
  const terms: Expr[] = saved.map(() => num(0));
  const found: bigint[] = saved.map(() => 0n);
  expectedParameters(part, bindings, (name, tensor) => {
    const i = saved.findIndex((s) => name.startsWith(`${s.name}.`));
    if (i < 0) return;
    terms[i] = add(...(terms[i]!.kind === 'num' ? [] : [terms[i]!]), mul(...tensor.shape));
    found[i]! += valueIfKnown(mul(...tensor.shape), bindings) ?? 0n;
  });
  // Each copy's formula, or its count where the tree stores it fused (experts as one tensor).
  return add(...saved.map((s, i) => (found[i] === s.count ? terms[i]! : num(s.count))));
}

/**
 * The parameters PEFT's LoRA trains and counts (peft/peft_model.py, `get_nb_trainable_parameters`):
 * each adapted Linear or Conv1D gains `lora_A [r, in]` and `lora_B [out, r]`, an Embedding
 * `lora_embedding_A [r, rows]` and `lora_embedding_B [dim, r]` (peft/tuners/lora/layer.py,
 * `update_layer`), so `r·(in + out)` a module; bias `none` trains no bias. A `modules_to_save`
 * module is wrapped with a trainable deep copy beside the frozen original
 * (`ModulesToSaveWrapper.update`), so "all params" counts it twice.
 */
export function loraCount(
  model: CountedModel,
  match: LoraMatch,
  settings: LoraSettings,
): LoraCount {
  const sizes: Bindings = { r: settings.rank };
  const bindings = { ...model.bindings, ...sizes };
  const r = sym('r');
  const byCount = new Map<string, { factors: Expr[]; modules: Expr[] }>();
  const adapted: AdaptedModules[] = [];
  for (const matched of match.adapted) {
    const { group, names } = matched;
    const factors = multiplicity(matched, bindings);
    const key = keyOf(factors);
    const entry = byCount.get(key) ?? { factors, modules: [] };
    entry.modules.push(mul(r, add(group.in!, group.out!)));
    byCount.set(key, entry);
    const [inValue, outValue] = [
      valueIfKnown(group.in!, bindings),
      valueIfKnown(group.out!, bindings),
    ];
    adapted.push({
      kind: group.kind,
      pattern: namePattern(names),
      modules: names.length,
      in: group.in!,
      out: group.out!,
      ...(inValue !== undefined ? { inValue } : {}),
      ...(outValue !== undefined ? { outValue } : {}),
    });
  }
  const definition = add(...[...byCount.values()].map((e) => mul(...e.factors, add(...e.modules))));
  const adapters = deriveFigure(label('P', 'LoRA'), definition, bindings, {
    opened: add(...[...byCount.values()].map((e) => underCount(e.factors, r, e.modules))),
  });
  const copies =
    match.saved.length > 0
      ? deriveFigure(label('P', 'save'), copiesFormula(model.part, bindings, match.saved), bindings)
      : undefined;
  const parts = [adapters, ...(copies ? [copies] : [])];
  const values = parts.map((d) => d.value);
  const known = values.every((v) => v !== undefined);
  const named = parts.map((d) => ref(d.label, d.steps[0]!.expr));
  const trainable = deriveFigure(
    label('P', 'train'),
    add(...named),
    bindings,
    known ? { opened: add(...values.map((v) => num(v!))) } : {},
  );
  const base = valueIfKnown(closedFormOf(model), model.bindings);
  const total = deriveFigure(
    label('P', 'all'),
    add(ref(label('P', 'model'), closedFormOf(model)), ...named),
    bindings,
    known && base !== undefined ? { opened: add(num(base), ...values.map((v) => num(v!))) } : {},
  );
  const percent =
    trainable.value !== undefined && total.value
      ? (100 * Number(trainable.value)) / Number(total.value)
      : undefined;
  return {
    ...settings,
    adapted,
    saved: match.saved,
    unsaved: match.unsaved,
    adapters,
    ...(copies ? { copies } : {}),
    trainable,
    total,
    ...(percent !== undefined ? { percent } : {}),
    sizes,
  };
}
