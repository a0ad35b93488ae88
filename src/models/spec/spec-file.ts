import * as v from 'valibot';
import { show, UserError } from '../../errors/user-error.js';
import { evaluate, UnboundSymbolError } from '../../expr/evaluate.js';
import { num, type Expr } from '../../expr/nodes.js';
import { symbolsOf } from '../../expr/visit.js';
import { limits } from '../../limits.js';
import { renderKatex } from '../../render/katex.js';
import { parseFormula, FormulaError } from '../../expr/mathjs-interop.js';
import type { ModelSpec, ModuleSpec } from './model-spec.js';

/**
 * The `--spec` file format: a model declared as JSON, without code. Sizes are numbers or formulas
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
const Size = v.union(wholeAtLeast(1), 'a positive whole number');
const RoleSchema = v.picklist([
  'token-embedding',
  'position-embedding',
  'embedding',
  'attention',
  'mlp',
  'norm',
  'unembedding',
  'head',
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

type ModuleInput =
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
const ModuleSchema: v.GenericSchema<ModuleInput> = v.lazy(() =>
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

const SymbolSchema = v.object({
  tex: v.optional(v.string()),
  meaning: v.optional(v.string()),
  field: v.optional(v.string()),
});

const SpecSchema = v.object({
  name: v.string(),
  sizes: v.record(v.string(), Size),
  symbols: v.optional(v.record(v.string(), SymbolSchema)),
  contextLength: v.optional(Size),
  modules: v.array(ModuleSchema),
});

/**
 * Reads a spec from parsed JSON. Its size is checked first (nesting, module count: `limits.ts`),
 * then its shape, with a message in our words naming the field (`spec field modules[0].in: expected
 * …, got …`), then every size is evaluated: each must be a positive whole number for the given
 * sizes, so a formula that goes to zero or below (`d - 64`) names its module and the sizes.
 */
export function specFromJson(json: unknown, source: string): ModelSpec {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new UserError(
      `${source}: expected a JSON object (a spec: name, sizes, modules), got ${shown(json)}`,
      { field: 'spec', received: json },
    );
  }
  checkSize(json, source);
  const result = v.safeParse(SpecSchema, json);
  if (!result.success) throw issueError(result.issues[0]!, source);
  const spec = {
    ...result.output,
    ...withReservedKeys(json as Record<string, unknown>, result.output, source),
  };
  for (const [name, symbol] of Object.entries(spec.symbols ?? {}))
    if (symbol.tex !== undefined) checkSymbolTex(symbol.tex, `symbols.${name}.tex`, source);
  const sizes = Object.fromEntries(Object.entries(spec.sizes).map(([k, n]) => [k, BigInt(n)]));
  // A size, checked against the given sizes: a count may be 0, every other size must be at least 1.
  const dim = (value: string | number | bigint, where: string, least = 1n): Expr => {
    if (typeof value !== 'string') return num(BigInt(value));
    let expr: Expr;
    try {
      expr = parseFormula(value);
    } catch (error) {
      if (error instanceof FormulaError)
        throw new UserError(`${source}: spec field ${where}: ${error.message}`, {
          field: where,
          received: value,
        });
      throw error;
    }
    let result: bigint;
    try {
      result = evaluate(expr, sizes);
    } catch (error) {
      if (error instanceof UnboundSymbolError)
        throw new UserError(
          `${source}: spec field ${where} = "${value}" uses ${error.symbol}, which sizes does not give (sizes: ${Object.keys(sizes).join(', ') || 'none'})`,
          { field: where, received: value },
        );
      throw error;
    }
    if (result < least) {
      const given = symbolsOf(expr)
        .map((name) => `${name} = ${String(Object.hasOwn(sizes, name) ? sizes[name] : undefined)}`)
        .join(', ');
      throw new UserError(
        `${source}: spec field ${where} = "${value}" is ${result}${given ? ` for ${given}` : ''}: expected ${least === 0n ? 'a whole number ≥ 0' : 'a positive whole number'}`,
        { field: where, received: value },
      );
    }
    return expr;
  };
  const convert = (m: ModuleInput, path: string): ModuleSpec => {
    const at = (field: string) => `${path}.${field}`.replace(/\.(\d+)(?=\.|$)/g, '[$1]');
    const raw = m as Record<string, unknown> & { kind: string };
    const dims = (fields: string[]) =>
      Object.fromEntries(
        fields
          .filter((f) => raw[f] !== undefined)
          .map((f) => [f, dim(raw[f] as string | number, at(f))]),
      );
    const shape = (s: Record<string, unknown> | undefined, where: string) =>
      s && { ...s, dFF: dim(s.dFF as string | number, `${where}.dFF`) };
    switch (raw.kind) {
      case 'tensor':
        return {
          ...(raw as object),
          shape: (raw.shape as Array<string | number>).map((s, i) => dim(s, at(`shape.${i}`))),
        } as unknown as ModuleSpec;
      case 'conv':
        return {
          ...(raw as object),
          ...dims(['in', 'out']),
          kernel: (raw.kernel as Array<string | number>).map((k, i) => dim(k, at(`kernel.${i}`))),
        } as unknown as ModuleSpec;
      case 'attention': {
        const bias = raw.bias as boolean | { q: boolean; k: boolean; v: boolean; o: boolean };
        const qk = raw.qkNorm as
          | { type: 'layernorm' | 'rmsnorm'; qDim: string | number; kDim: string | number }
          | undefined;
        return {
          ...(raw as object),
          ...dims(['d', 'heads', 'headDim']),
          ...((raw.kvHeads ?? raw.heads) !== undefined
            ? { kvHeads: dim((raw.kvHeads ?? raw.heads) as string | number, at('kvHeads')) }
            : {}),
          bias: typeof bias === 'boolean' ? { q: bias, k: bias, v: bias, o: bias } : bias,
          ...(qk
            ? {
                qkNorm: {
                  type: qk.type,
                  qDim: dim(qk.qDim, at('qkNorm.qDim')),
                  kDim: dim(qk.kDim, at('qkNorm.kDim')),
                },
              }
            : {}),
        } as unknown as ModuleSpec;
      }
      case 'moe':
        return {
          ...(raw as object),
          ...dims(['d', 'experts']),
          expert: shape(raw.expert as Record<string, unknown>, at('expert')),
          ...(raw.shared
            ? { shared: shape(raw.shared as Record<string, unknown>, at('shared')) }
            : {}),
        } as unknown as ModuleSpec;
      case 'group':
        return {
          ...(raw as object),
          children: (raw.children as ModuleInput[]).map((c, i) => convert(c, at(`children.${i}`))),
        } as unknown as ModuleSpec;
      case 'repeat':
        return {
          ...(raw as object),
          count: dim(raw.count as string | number, at('count'), 0n),
          child: convert(raw.child as ModuleInput, at('child')),
        } as unknown as ModuleSpec;
      default:
        return {
          ...(raw as object),
          ...dims(['rows', 'dim', 'in', 'out', 'd', 'dFF']),
        } as unknown as ModuleSpec;
    }
  };
  return {
    name: spec.name,
    sizes,
    ...(spec.symbols ? { symbols: spec.symbols } : {}),
    ...(spec.contextLength ? { contextLength: BigInt(spec.contextLength) } : {}),
    modules: spec.modules.map((m, i) => convert(m, `modules[${i}]`)),
  };
}

/** The keys valibot's records leave out (it guards its own objects against prototype pollution). */
const reservedKeys = ['__proto__', 'prototype', 'constructor'];

/**
 * `sizes` and `symbols` with the keys valibot left out put back, each checked by the same schema: a
 * symbol called `constructor` is a name like any other. (Object.fromEntries defines own properties,
 * so `__proto__` stays a key.)
 */
function withReservedKeys(
  json: Record<string, unknown>,
  parsed: v.InferOutput<typeof SpecSchema>,
  source: string,
): Pick<v.InferOutput<typeof SpecSchema>, 'sizes' | 'symbols'> {
  const restored = <K extends 'sizes' | 'symbols'>(
    field: K,
    schema: v.GenericSchema,
  ): Record<string, unknown> | undefined => {
    const raw = json[field] as Record<string, unknown> | undefined;
    if (raw === undefined) return parsed[field];
    const extra = reservedKeys
      .filter((key) => Object.hasOwn(raw, key))
      .map((key) => {
        const checked = v.safeParse(v.object({ [field]: v.object({ [key]: schema }) }), {
          [field]: Object.fromEntries([[key, raw[key]]]),
        });
        if (!checked.success) throw issueError(checked.issues[0]!, source);
        return [key, raw[key]] as const;
      });
    return extra.length
      ? Object.fromEntries([...Object.entries(parsed[field] ?? {}), ...extra])
      : parsed[field];
  };
  const sizes = restored('sizes', Size) as v.InferOutput<typeof SpecSchema>['sizes'];
  const symbols = restored('symbols', SymbolSchema) as v.InferOutput<typeof SpecSchema>['symbols'];
  return { sizes, ...(symbols ? { symbols } : {}) };
}

/**
 * The spec's size before its shape: JSON nested deeper than `limits.specDepth` or holding more
 * than `limits.specModules` modules is refused here, iteratively, before any recursive reading.
 */
function checkSize(json: unknown, source: string): void {
  const stack: Array<{ value: unknown; depth: number; path: string }> = [
    { value: json, depth: 0, path: '' },
  ];
  let modules = 0;
  while (stack.length) {
    const { value, depth, path } = stack.pop()!;
    // A name is printed in terminals and documents: a control character (an escape sequence, a line break) has no place in it.
    if (typeof value === 'string' && /\p{Cc}/u.test(value)) {
      throw new UserError(
        `${source}: spec field ${path} holds a control character (${JSON.stringify(value.match(/\p{Cc}/u)![0])}): expected printable text`,
        { field: path, received: value },
      );
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth > limits.specDepth)
      throw new UserError(
        `${source}: nested more than ${limits.specDepth} levels deep (the limit): flatten the groups, or use repeat counts`,
        { field: 'modules', expected: `at most ${limits.specDepth} levels` },
      );
    if (!Array.isArray(value) && 'kind' in value && ++modules > limits.specModules) {
      throw new UserError(
        `${source}: more than ${limits.specModules.toLocaleString('en-US')} modules (the limit): use repeat counts for repeated layers`,
        { field: 'modules', expected: `at most ${limits.specModules} modules` },
      );
    }
    for (const [key, child] of Object.entries(value))
      stack.push({
        value: child,
        depth: depth + 1,
        path: Array.isArray(value) ? `${path}[${key}]` : `${path}${path ? '.' : ''}${key}`,
      });
  }
}

/** What a schema type expects, in our words. */
const expectedWords: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  bigint: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  record: 'an object',
  integer: 'a whole number',
};

/** What a missing field should hold, by its name (the schema's own issue names only the key). */
const missingWords: Record<string, string> = {
  name: 'a string',
  key: "a string (the module's name in PyTorch)",
  kind: "the module's kind",
  sizes: 'an object of named sizes',
  modules: 'a list of modules',
  in: 'a positive whole number or a formula',
  out: 'a positive whole number or a formula',
  d: 'a positive whole number or a formula',
  dim: 'a positive whole number or a formula',
  rows: 'a positive whole number or a formula',
  dFF: 'a positive whole number or a formula',
  experts: 'a positive whole number or a formula',
  count: 'a whole number ≥ 0 or a formula',
  shape: 'a list of sizes',
  kernel: 'a list of sizes',
  type: '"layernorm" or "rmsnorm"',
  children: 'a list of modules',
  child: 'a module',
  expert: 'an object with dFF',
  reason: 'a string',
};

/** A schema issue as one line in our words: `spec field modules[0].in: expected …, got …`. */
function issueError(issue: v.BaseIssue<unknown>, source: string): UserError {
  const path = (issue.path ?? []).reduce(
    (text, item) =>
      typeof item.key === 'number'
        ? `${text}[${item.key}]`
        : `${text}${text ? '.' : ''}${String(item.key)}`,
    '',
  );
  const field = path || '(the whole file)';
  let expected: string;
  if (issue.type === 'min_value') expected = `a whole number ≥ ${String(issue.requirement)}`;
  else if (issue.type === 'min_length')
    expected = Array.isArray(issue.input)
      ? `at least ${String(issue.requirement)} items`
      : 'a non-empty string';
  else if (issue.type === 'max_length') expected = `at most ${String(issue.requirement)} items`;
  else if (issue.type === 'variant' || issue.type === 'picklist' || issue.type === 'literal')
    expected = `one of ${issue.expected?.replace(/^\(|\)$/g, '').replace(/ \| /g, ', ') ?? ''}`;
  else if (issue.type === 'union' && issue.message && !issue.message.startsWith('Invalid'))
    expected = issue.message;
  else
    expected =
      expectedWords[issue.type] ??
      expectedWords[issue.expected ?? ''] ??
      issue.expected ??
      issue.type;
  const missing = issue.input === undefined && issue.kind === 'schema';
  const key = String(issue.path?.at(-1)?.key ?? '');
  const message = missing
    ? `spec field ${field} is missing${missingWords[key] ? `: expected ${missingWords[key]}` : ''}`
    : `spec field ${field}: expected ${expected}, got ${shown(issue.input)}`;
  return new UserError(`${source}: ${message}`, { field, received: issue.input, expected });
}

function shown(value: unknown): string {
  if (typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'an object';
  const text = show(value);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

const greek =
  'alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega';
/** The commands a symbol's TeX may use: Greek letters, accents, fonts and text. */
const symbolCommands = new Set([
  ...greek.split(' '),
  'text',
  'textrm',
  'mathrm',
  'mathbf',
  'mathit',
  'mathsf',
  'mathtt',
  'mathcal',
  'mathbb',
  'boldsymbol',
  'operatorname',
  'hat',
  'bar',
  'tilde',
  'vec',
  'dot',
  'ddot',
  'check',
  'breve',
  'widehat',
  'widetilde',
  'overline',
  'prime',
  'ell',
  'star',
  'ast',
  'dagger',
  'times',
  'cdot',
]);

/**
 * A symbol's TeX from a spec goes into every document's math as it is, so it must be math and
 * only math: a short run of letters, digits, subscripts, superscripts, braces and commands, which
 * KaTeX sets in strict mode. (`$`, `<`, `&`, `%`, `|` and line breaks could end the math or the
 * table cell around it in Markdown or LaTeX; KaTeX's `trust` stays off, so no command links out.)
 */
function checkSymbolTex(tex: string, field: string, source: string): void {
  const fail = (why: string) =>
    new UserError(`${source}: spec field ${field} = ${shown(tex)}: ${why}`, {
      field,
      received: tex,
      expected: 'TeX for one symbol, such as d_{\\text{model}}',
    });
  if (tex.length === 0 || tex.length > 80)
    throw fail('expected TeX for one symbol, 1 to 80 characters');
  if (!/^[A-Za-z0-9\\{}_^ ,.'()+\-=*/:;!?[\]]+$/.test(tex))
    throw fail(
      'expected TeX for one symbol: letters, digits, \\commands, _, ^, braces (no $ < > & % | # ~ or line breaks)',
    );
  const command = [...tex.matchAll(/\\([A-Za-z]+)/g)]
    .map((m) => m[1]!)
    .find((c) => !symbolCommands.has(c));
  if (command)
    throw fail(
      `\\${command} is not a command a symbol's name needs (letters, accents, fonts and \\text are)`,
    );
  try {
    renderKatex(tex, { displayMode: false, output: 'mathml' });
  } catch (error) {
    throw fail(
      `KaTeX cannot set it (${(error as Error).message.replace(/^KaTeX parse error: /, '').split('\n')[0]})`,
    );
  }
}
