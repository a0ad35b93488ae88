import * as v from 'valibot';
import { UserError } from '../../errors/user-error.js';
import { num, type Expr } from '../../expr/nodes.js';
import { parseFormula, FormulaError } from '../../expr/mathjs-interop.js';
import type { ModelSpec, ModuleSpec } from './model-spec.js';

/**
 * The `--spec` file format: a model declared as JSON, without code. Sizes are numbers or formulas
 * over the symbols in `sizes` (`"n_h*d_h"`, `"P + 2"`), parsed with mathjs.
 */
const Dim = v.union([v.pipe(v.number(), v.integer(), v.minValue(0)), v.pipe(v.string(), v.minLength(1))]);
const RoleSchema = v.picklist(['token-embedding', 'position-embedding', 'embedding', 'attention', 'mlp', 'norm', 'unembedding', 'head', 'other']);
const base = { key: v.string(), name: v.optional(v.string()), label: v.optional(v.string()), role: v.optional(RoleSchema) };
const Bias = v.union([v.boolean(), v.object({ q: v.boolean(), k: v.boolean(), v: v.boolean(), o: v.boolean() })]);
const MlpShape = { dFF: Dim, gated: v.optional(v.boolean(), false), bias: v.optional(v.boolean(), false), keys: v.optional(v.object({ up: v.optional(v.string()), down: v.optional(v.string()), gate: v.optional(v.string()) })) };

type ModuleInput = v.InferOutput<typeof ModuleLeaf> | { kind: 'group'; children: ModuleInput[] } | { kind: 'repeat'; count: string | number; child: ModuleInput };

const ModuleLeaf = v.variant('kind', [
  v.object({ kind: v.literal('tensor'), ...base, shape: v.array(Dim) }),
  v.object({ kind: v.literal('embedding'), ...base, rows: Dim, dim: Dim }),
  v.object({ kind: v.literal('linear'), ...base, in: Dim, out: Dim, bias: v.optional(v.boolean(), true) }),
  v.object({ kind: v.literal('conv'), ...base, in: Dim, out: Dim, kernel: v.pipe(v.array(Dim), v.minLength(1), v.maxLength(3)), bias: v.optional(v.boolean(), true) }),
  v.object({ kind: v.literal('norm'), ...base, type: v.picklist(['layernorm', 'rmsnorm']), dim: Dim, bias: v.optional(v.boolean()), affine: v.optional(v.boolean()) }),
  v.object({
    kind: v.literal('attention'), ...base, d: Dim, heads: v.optional(Dim), kvHeads: v.optional(Dim), headDim: v.optional(Dim), bias: v.optional(Bias, true),
    qkNorm: v.optional(v.object({ type: v.picklist(['layernorm', 'rmsnorm']), qDim: Dim, kDim: Dim })),
  }),
  v.object({ kind: v.literal('mlp'), ...base, d: Dim, ...MlpShape }),
  v.object({
    kind: v.literal('moe'), ...base, d: Dim, experts: Dim, expert: v.object(MlpShape), routerBias: v.optional(v.boolean()),
    shared: v.optional(v.object({ ...MlpShape, key: v.optional(v.string()) })), sharedGate: v.optional(v.boolean()),
  }),
  v.object({ kind: v.literal('shared'), ...base, reason: v.string() }),
]);

const ModuleSchema: v.GenericSchema<ModuleInput> = v.lazy(() =>
  v.union([
    ModuleLeaf,
    v.object({ kind: v.literal('group'), ...base, children: v.array(ModuleSchema) }),
    v.object({ kind: v.literal('repeat'), ...base, count: Dim, child: ModuleSchema, note: v.optional(v.string()) }),
  ]),
) as v.GenericSchema<ModuleInput>;

const SpecSchema = v.object({
  name: v.string(),
  sizes: v.record(v.string(), v.pipe(v.number(), v.integer(), v.minValue(1))),
  symbols: v.optional(v.record(v.string(), v.object({ tex: v.optional(v.string()), meaning: v.optional(v.string()), field: v.optional(v.string()) }))),
  contextLength: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  modules: v.array(ModuleSchema),
});

// The schema has checked the shape; conversion only replaces formula strings by expressions.
/** Reads a spec from parsed JSON, with an error that names the path of the first bad field. */
export function specFromJson(json: unknown, source: string): ModelSpec {
  const result = v.safeParse(SpecSchema, json);
  if (!result.success) {
    const issue = result.issues[0]!;
    const path = v.getDotPath(issue) ?? '(top level)';
    throw new UserError(`${source}: ${path}: ${issue.message}`, { field: path, received: issue.input, expected: issue.expected ?? '' });
  }
  const spec = result.output;
  const dim = (value: string | number, where: string): Expr => {
    if (typeof value === 'number') return num(value);
    try {
      return parseFormula(value);
    } catch (error) {
      if (error instanceof FormulaError) throw new UserError(`${source}: ${where}: ${error.message}`, { field: where, received: value });
      throw error;
    }
  };
  const convert = (m: ModuleInput, path: string): ModuleSpec => {
    const at = (field: string) => `${path}.${field}`;
    const raw = m as Record<string, unknown> & { kind: string };
    const dims = (fields: string[]) => Object.fromEntries(fields.filter((f) => raw[f] !== undefined).map((f) => [f, dim(raw[f] as string | number, at(f))]));
    const shape = (s: Record<string, unknown> | undefined, where: string) => s && { ...s, dFF: dim(s.dFF as string | number, `${where}.dFF`) };
    switch (raw.kind) {
      case 'tensor':
        return { ...(raw as object), shape: (raw.shape as Array<string | number>).map((s, i) => dim(s, at(`shape.${i}`))) } as unknown as ModuleSpec;
      case 'conv':
        return { ...(raw as object), ...dims(['in', 'out']), kernel: (raw.kernel as Array<string | number>).map((k, i) => dim(k, at(`kernel.${i}`))) } as unknown as ModuleSpec;
      case 'attention': {
        const bias = raw.bias as boolean | { q: boolean; k: boolean; v: boolean; o: boolean };
        const qk = raw.qkNorm as { type: 'layernorm' | 'rmsnorm'; qDim: string | number; kDim: string | number } | undefined;
        return {
          ...(raw as object),
          ...dims(['d', 'heads', 'headDim']),
          ...((raw.kvHeads ?? raw.heads) !== undefined ? { kvHeads: dim((raw.kvHeads ?? raw.heads) as string | number, at('kvHeads')) } : {}),
          bias: typeof bias === 'boolean' ? { q: bias, k: bias, v: bias, o: bias } : bias,
          ...(qk ? { qkNorm: { type: qk.type, qDim: dim(qk.qDim, at('qkNorm.qDim')), kDim: dim(qk.kDim, at('qkNorm.kDim')) } } : {}),
        } as unknown as ModuleSpec;
      }
      case 'moe':
        return {
          ...(raw as object),
          ...dims(['d', 'experts']),
          expert: shape(raw.expert as Record<string, unknown>, at('expert')),
          ...(raw.shared ? { shared: shape(raw.shared as Record<string, unknown>, at('shared')) } : {}),
        } as unknown as ModuleSpec;
      case 'group':
        return { ...(raw as object), children: (raw.children as ModuleInput[]).map((c, i) => convert(c, at(`children.${i}`))) } as unknown as ModuleSpec;
      case 'repeat':
        return { ...(raw as object), count: dim(raw.count as string | number, at('count')), child: convert(raw.child as ModuleInput, at('child')) } as unknown as ModuleSpec;
      default:
        return { ...(raw as object), ...dims(['rows', 'dim', 'in', 'out', 'd', 'dFF']) } as unknown as ModuleSpec;
    }
  };
  const sizes = Object.fromEntries(Object.entries(spec.sizes).map(([k, n]) => [k, BigInt(n)]));
  return {
    name: spec.name,
    sizes,
    ...(spec.symbols ? { symbols: spec.symbols } : {}),
    ...(spec.contextLength ? { contextLength: BigInt(spec.contextLength) } : {}),
    modules: spec.modules.map((m, i) => convert(m, `modules.${i}`)),
  };
}
