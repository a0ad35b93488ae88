import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { measureOf } from '../../src/analysis/field-model.js';
import { UserError } from '../../src/errors/user-error.js';
import { families } from '../../src/models/families/registry.js';
import { loadModel, type ModelRequest } from '../../src/models/load-model.js';
import type { ModuleSpec } from '../../src/models/spec/model-spec.js';
import { allPresets } from '../../src/models/presets.js';
import type { Setting } from '../../src/targets/parameters.js';

/** The routed experts' fields a family reads, as transformers names them. */
const expertFields = ['num_local_experts', 'n_routed_experts', 'num_experts'];

const routed = (modules: readonly ModuleSpec[]): boolean =>
  modules.some(
    (m) =>
      m.kind === 'moe' ||
      (m.kind === 'group' && routed(m.children)) ||
      (m.kind === 'repeat' && routed([m.child])),
  );

/** Every mixture-of-experts family: its presets, and its config class's defaults where it has no preset. */
const moeModels: Array<{ name: string; request: ModelRequest }> = [
  ...allPresets().map((p) => ({
    name: p.name,
    request: { config: p.config, source: p.repository },
  })),
  ...families.flatMap((f) =>
    f.modelTypes
      .filter((t) => !allPresets().some((p) => p.config.model_type === t))
      .map((t) => ({ name: `${t} (defaults)`, request: { config: { model_type: t }, source: t } })),
  ),
].filter(({ request }) => {
  try {
    const loaded = loadModel(request);
    // A composite's experts sit in its text_config, which `--set` (top-level fields) does not reach.
    return !loaded.family.nested && routed(loaded.spec.modules);
  } catch {
    return false;
  }
});

/** The field a model's routed experts are counted by: the one its config or class gives. */
function expertsField(request: ModelRequest): string {
  const loaded = loadModel(request);
  return expertFields.find(
    (f) => request.config[f] !== undefined || loaded.family.defaults[f] !== undefined,
  )!;
}

describe('active parameters of every mixture of experts (fast-check)', () => {
  it('covers every MoE family', () => {
    const types = new Set(moeModels.map((m) => loadModel(m.request).modelType));
    // Mixtral, Qwen2/3-MoE, DeepSeek-V2/V3, OLMoE, GraniteMoE, gpt-oss, PhiMoE.
    for (const t of [
      'mixtral',
      'qwen2_moe',
      'qwen3_moe',
      'deepseek_v2',
      'deepseek_v3',
      'olmoe',
      'granitemoe',
      'gpt_oss',
      'phimoe',
    ])
      expect(types, t).toContain(t);
  });

  it.each(moeModels.map((m) => [m.name, m] as const))(
    '%s: active ≤ total for random k, E and shared experts; k > E refused',
    (_name, { request }) => {
      const field = expertsField(request);
      const hasShared =
        request.config.n_shared_experts !== undefined ||
        loadModel(request).family.defaults.n_shared_experts !== undefined;
      let accepted = 0;
      fc.assert(
        // k up to E + 8: most draws are models (k ≤ E), the rest must be refused.
        fc.property(
          fc
            .integer({ min: 1, max: 64 })
            .chain((e) => fc.tuple(fc.constant(e), fc.integer({ min: 1, max: e + 8 }))),
          fc.integer({ min: 1, max: 4 }),
          ([experts, k], shared) => {
            const overrides: Setting[] = [
              [field, String(experts)],
              ['num_experts_per_tok', String(k)],
              ...(hasShared ? [['n_shared_experts', String(shared)] as const] : []),
            ];
            let model: ReturnType<typeof loadModel>;
            try {
              model = loadModel({ ...request, overrides });
            } catch (error) {
              expect(error).toBeInstanceOf(UserError);
              // The one refusal a valid k can meet is the family's own (a width the heads do not divide, say): k > E is always one.
              if (k > experts)
                expect((error as Error).message).toMatch(
                  /num_experts_per_tok = \d+: expected at most the number of routed experts/,
                );
              return;
            }
            expect(k).toBeLessThanOrEqual(experts);
            accepted++;
            const [active, total] = [measureOf(model, 'active'), measureOf(model, 'total')];
            expect(active).toBeGreaterThan(0n);
            expect(active).toBeLessThanOrEqual(total);
            // All experts active is the total.
            if (k === experts) expect(active).toBe(total);
          },
        ),
        { numRuns: 25 },
      );
      // (most draws are models, not refusals)
      expect(accepted).toBeGreaterThan(5);
    },
  );
});

describe("a config that leaves num_experts_per_tok out takes its class's default", () => {
  // The defaults in transformers' config classes (MixtralConfig 2, Qwen2MoeConfig 4, Qwen3MoeConfig 8,
  // OlmoeConfig 8, GraniteMoeConfig 2, GptOssConfig 4, PhimoeConfig 2, DeepseekV3Config 8);
  // DeepseekV2Config has none.
  it.each([
    'mixtral',
    'qwen2_moe',
    'qwen3_moe',
    'olmoe',
    'granitemoe',
    'gpt_oss',
    'phimoe',
    'deepseek_v3',
  ])('%s: fewer active parameters than the total', (modelType) => {
    const model = loadModel({ config: { model_type: modelType }, source: modelType });
    expect(measureOf(model, 'active')).toBeLessThan(measureOf(model, 'total'));
  });
});
