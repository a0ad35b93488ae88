import { formulaOf } from '../components/part.js';
import { UserError } from '../errors/user-error.js';
import { didYouMean } from '../errors/suggest.js';
import { evaluate } from '../expr/evaluate.js';
import type { Expr } from '../expr/nodes.js';
import { ConfigFields } from '../models/config/config-fields.js';
import { loadModel, type LoadedModel, type ModelRequest } from '../models/load-model.js';
import { composeModel } from '../models/spec/compose.js';
import { activeTree } from './active.js';
import { weightMemory, weightTypes, type WeightType } from './memory.js';

/** What a solve or a sweep measures of a model: parameters, active parameters, or the weights' bytes. */
export type Measure = 'total' | 'active' | 'memory';

/**
 * A model as a function of its config's numeric fields: the family's own builder run at other
 * values of a field, so every rule the family follows (d_h = d_model / n_h, a default d_ff, a
 * divisibility check) holds at each of them. A value the family refuses is `undefined`, not an error.
 */
export class FieldModel {
  private readonly base: LoadedModel;

  constructor(
    private readonly request: ModelRequest,
    /** The data type `memory` measures the weights in: a byte-wide one, so the bytes stay a polynomial. */
    readonly dtype: WeightType = 'bf16',
  ) {
    if (weightTypes[dtype].bits % 8 !== 0 || 'block' in weightTypes[dtype]) {
      throw new UserError(
        `--dtype ${dtype}: solve and sweep measure memory in whole bytes an element (fp32, fp16, bf16, fp8, int8)`,
        { field: '--dtype', received: dtype, expected: 'fp32, fp16, bf16, fp8 or int8' },
      );
    }
    this.base = loadModel(request);
  }

  /** The field's value in the effective config (the file's, else the config class's default), if it is a whole number. */
  value(field: string): bigint | undefined {
    const aliases = this.base.family.aliases ?? {};
    const fields = new ConfigFields(
      this.effectiveConfig(),
      this.base.family.defaults,
      this.base.modelType,
      aliases,
    );
    // An alias (`hidden_size` for GPT-2's `n_embd`) reads as the field it names.
    const name = Object.entries(aliases).find(([, others]) => others.includes(field))?.[0] ?? field;
    const value = fields.value(name);
    return typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : undefined;
  }

  /** The field's value, or one clear error when the model has no such whole-number field. */
  requireField(field: string): bigint {
    const value = this.value(field);
    if (value === undefined) {
      const fields = [
        ...Object.keys(this.request.config),
        ...Object.keys(this.base.family.defaults),
        ...Object.values(this.base.family.aliases ?? {}).flat(),
      ];
      const hint = didYouMean(
        field,
        fields.filter((f) => f !== field && this.value(f) !== undefined),
      );
      throw new UserError(
        `--vary ${field}: ${this.base.modelType} has no whole-number config field ${field}${hint ? ` (${hint})` : ''}`,
        { field: '--vary', received: field, expected: 'a numeric config field of the model' },
      );
    }
    return value;
  }

  /** The model built with these field values, or undefined when the family refuses them. */
  build(values: Readonly<Record<string, bigint>>): LoadedModel | undefined {
    const overrides = [
      ...(this.request.overrides ?? []),
      ...Object.entries(values).map(([field, v]) => [field, v.toString()] as const),
    ];
    try {
      return loadModel({ ...this.request, overrides });
    } catch (error) {
      if (error instanceof UserError) return undefined;
      throw error;
    }
  }

  /** What `measure` counts at these values, or undefined when the family refuses them. */
  count(values: Readonly<Record<string, bigint>>, measure: Measure): bigint | undefined {
    const model = this.build(values);
    return model ? measureOf(model, measure, this.dtype) : undefined;
  }

  get loaded(): LoadedModel {
    return this.base;
  }

  private effectiveConfig() {
    return {
      ...this.request.config,
      ...Object.fromEntries((this.request.overrides ?? []).map(([k, v]) => [k, parse(v)])),
    };
  }
}

/** The measure of a built model, exactly. */
export function measureOf(
  model: LoadedModel,
  measure: Measure,
  dtype: WeightType = 'bf16',
): bigint {
  return evaluate(measureFormula(model, measure, dtype), model.spec.sizes);
}

/** The formula a measure evaluates: the total's, the active tree's (the total for a dense model), or the weights' bytes. */
export function measureFormula(
  model: LoadedModel,
  measure: Measure,
  dtype: WeightType = 'bf16',
): Expr {
  const part = composeModel(model.spec);
  if (measure === 'memory')
    return weightMemory(
      { part, bindings: model.spec.sizes, tree: { formula: formulaOf(part) } },
      { dtype },
    ).derivation.expanded;
  return formulaOf(measure === 'active' ? (activeTree(part) ?? part) : part);
}

function parse(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
