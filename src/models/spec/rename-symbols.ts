import { substitute } from '../../expr/evaluate.js';
import { sym, type Expr } from '../../expr/nodes.js';
import { symbolInfo } from '../../symbols/table.js';
import type { ModelSpec, ModuleSpec } from './model-spec.js';

const exprKinds = new Set(['num', 'sym', 'add', 'mul', 'pow', 'ref']);

/**
 * A model declaration with every size symbol tagged by `tag` (`d_model` → `d_model_enc`; the symbol
 * table writes it `d_{\text{model}}^{\text{enc}}`, "(encoder)"): how two models, each with its own
 * `d_model`, `L` and `V`, sit side by side in one (an `EncoderDecoderModel`).
 */
export function tagSymbols(spec: ModelSpec, tag: string, meaning: string): ModelSpec {
  const names = Object.keys(spec.sizes);
  const renamed = (name: string) => `${name}_${tag}`;
  const replacements = Object.fromEntries(names.map((n) => [n, sym(renamed(n))]));
  const rename = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rename);
    if (value && typeof value === 'object') {
      if (exprKinds.has((value as { kind?: string }).kind ?? ''))
        return substitute(value as Expr, replacements);
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rename(v)]));
    }
    return value;
  };
  // The symbol table writes and orders a tagged symbol like its base; only the field is this model's.
  const symbols = Object.fromEntries(
    names.map((n) => [renamed(n), { field: `${meaning}.${symbolInfo(n)?.fields[0] ?? n}` }]),
  );
  return {
    ...spec,
    sizes: Object.fromEntries(names.map((n) => [renamed(n), spec.sizes[n]!])),
    symbols: { ...spec.symbols, ...symbols },
    modules: spec.modules.map((m) => rename(m) as ModuleSpec),
  };
}
