import * as v from 'valibot';
import { UserError } from '../../errors/user-error.js';
import { evaluate, UnboundSymbolError } from '../../expr/evaluate.js';
import { num, type Expr } from '../../expr/nodes.js';
import { symbolsOf } from '../../expr/visit.js';
import { limits } from '../../limits.js';
import { parseFormula, FormulaError } from '../../expr/mathjs-interop.js';
import type { ModelSpec, ModuleSpec } from './model-spec.js';
import { Size, SpecSchema, SymbolSchema, type ModuleInput } from './spec-schema.js';
import { issueError, shown } from './spec-issues.js';
import { checkSymbolTex } from './symbol-tex.js';

/**
 * The `--spec` file format: a model declared as JSON, without code. Sizes are numbers or formulas
 * over the symbols in `sizes` (`"n_h*d_h"`, `"P + 2"`), parsed with mathjs.
 */
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
