import * as v from 'valibot';

/**
 * The `--spec` file format's schema (valibot): a model declared as JSON, without code. Sizes are numbers or formulas
 * over the symbols in `sizes` (`"n_h*d_h"`, `"P + 2"`), parsed with mathjs.
 */
/** A whole number of at least `least`: a JSON number, or a bigint when it is longer than a double holds. */
const wholeAtLeast = (least: number) =>
  [
    v.pipe(v.number(), v.integer(), v.minValue(least)),
    v.pipe(v.bigint(), v.minValue(BigInt(least))),
  ] as const;
const formula = v.pipe(v.string(), v.minLength(1));
const Dim = v.union(
  [...wholeAtLeast(1), formula],
  'a positive whole number or a formula over the sizes',
);
/** A repeat's count may be 0 (no layers of that kind) or a formula such as `L - L_dense`. */
const Count = v.union(
  [...wholeAtLeast(0), formula],
  'a whole number ≥ 0 or a formula over the sizes',
);
export const Size = v.union(wholeAtLeast(1), 'a positive whole number');
const RoleSchema = v.picklist([
  'token-embedding',
  'position-embedding',
  'embedding',
  'attention',
  'mixer',
  'mlp',
  'norm',
  'unembedding',
  'head',
  'tower',
  'other',
]);
const base = {
  key: v.string(),
  name: v.optional(v.string()),
  label: v.optional(v.string()),
  role: v.optional(RoleSchema),
};
const Bias = v.union([
  v.boolean(),
  v.object({ q: v.boolean(), k: v.boolean(), v: v.boolean(), o: v.boolean() }),
]);
const MlpShape = {
  dFF: Dim,
  gated: v.optional(v.boolean(), false),
  bias: v.optional(v.boolean(), false),
  keys: v.optional(
    v.object({
      up: v.optional(v.string()),
      down: v.optional(v.string()),
      gate: v.optional(v.string()),
    }),
  ),
};

export type ModuleInput =
  | v.InferOutput<typeof ModuleLeaf>
  | { kind: 'group'; children: ModuleInput[] }
  | { kind: 'repeat'; count: string | number | bigint; child: ModuleInput };

const leaves = [
  v.object({ kind: v.literal('tensor'), ...base, shape: v.array(Dim) }),
  v.object({ kind: v.literal('embedding'), ...base, rows: Dim, dim: Dim }),
  v.object({
    kind: v.literal('linear'),
    ...base,
    in: Dim,
    out: Dim,
    bias: v.optional(v.boolean(), true),
  }),
  v.object({
    kind: v.literal('conv'),
    ...base,
    in: Dim,
    out: Dim,
    kernel: v.pipe(v.array(Dim), v.minLength(1), v.maxLength(3)),
    bias: v.optional(v.boolean(), true),
  }),
  v.object({
    kind: v.literal('norm'),
    ...base,
    type: v.picklist(['layernorm', 'rmsnorm']),
    dim: Dim,
    bias: v.optional(v.boolean()),
    affine: v.optional(v.boolean()),
  }),
  v.object({
    kind: v.literal('attention'),
    ...base,
    d: Dim,
    heads: v.optional(Dim),
    kvHeads: v.optional(Dim),
    headDim: v.optional(Dim),
    bias: v.optional(Bias, true),
    qkNorm: v.optional(
      v.object({ type: v.picklist(['layernorm', 'rmsnorm']), qDim: Dim, kDim: Dim }),
    ),
  }),
  v.object({ kind: v.literal('mlp'), ...base, d: Dim, ...MlpShape }),
  v.object({
    kind: v.literal('moe'),
    ...base,
    d: Dim,
    experts: Dim,
    expert: v.object(MlpShape),
    routerBias: v.optional(v.boolean()),
    shared: v.optional(v.object({ ...MlpShape, key: v.optional(v.string()) })),
    sharedGate: v.optional(v.boolean()),
  }),
  v.object({ kind: v.literal('shared'), ...base, reason: v.string() }),
] as const;
const ModuleLeaf = v.variant('kind', leaves);

// One variant over every kind, so a mistake inside a module is reported at its own field.
export const ModuleSchema: v.GenericSchema<ModuleInput> = v.lazy(() =>
  v.variant('kind', [
    ...leaves,
    v.object({ kind: v.literal('group'), ...base, children: v.array(ModuleSchema) }),
    v.object({
      kind: v.literal('repeat'),
      ...base,
      count: Count,
      child: ModuleSchema,
      note: v.optional(v.string()),
    }),
  ]),
) as v.GenericSchema<ModuleInput>;

export const SymbolSchema = v.object({
  tex: v.optional(v.string()),
  meaning: v.optional(v.string()),
  field: v.optional(v.string()),
});

export const SpecSchema = v.object({
  name: v.string(),
  sizes: v.record(v.string(), Size),
  symbols: v.optional(v.record(v.string(), SymbolSchema)),
  contextLength: v.optional(Size),
  modules: v.array(ModuleSchema),
});
