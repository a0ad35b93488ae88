import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/expr/index.js';
import { families } from '../../src/models/families/registry.js';
import { deriveModel } from '../../src/requests/derive-model.js';

// A config.json may leave out every field: transformers then builds the class from its config
// class's defaults, and so must we, for every class of every family.
// (EncoderDecoderModel has no defaults of its own: it composes two other configs, tested on its own.)
const cases = families
  .filter((f) => !f.modelTypes.includes('encoder-decoder'))
  .flatMap((family) =>
    family.classes.map(
      (className) =>
        [`${family.modelTypes[0]} ${className}`, family.modelTypes[0]!, className] as const,
    ),
  );

describe('every family builds every class from its config class defaults', () => {
  it.each(cases)('%s', (_name, modelType, className) => {
    const report = deriveModel({
      config: { model_type: modelType },
      source: 'defaults',
      className,
    });
    expect(report.total).toBeGreaterThan(0n);
    const root = report.derivations[0]!;
    expect(new Set(root.steps.map((s) => evaluate(s.expr, report.bindings))).size).toBe(1);
  });
});
