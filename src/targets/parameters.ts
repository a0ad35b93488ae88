import { fieldError, oneOf, UserError } from '../errors/user-error.js';
import { didYouMean } from '../errors/suggest.js';
import { symbolInfo } from '../symbols/table.js';

/**
 * One argument a target takes. `size` is a positive integer, bound to `symbol` when it has one
 * (a size without a symbol is structural, such as BERT's 2 token types); `flag` is true/false;
 * `ignored` is accepted so that a constructor call can be pasted whole (dropout, eps), and changes no count.
 */
export type ParameterSpec =
  | { kind: 'size'; name: string; symbol?: string; default?: bigint; description: string }
  | { kind: 'flag'; name: string; default: boolean; description: string }
  | { kind: 'ignored'; name: string; description: string };

/** Resolved arguments: sizes as bigints (undefined stays symbolic), flags as booleans. */
export interface Arguments {
  size(name: string): bigint | undefined;
  flag(name: string): boolean;
  /** Whether the user set this argument explicitly. */
  given(name: string): boolean;
}

/** A `--set name=value` pair as typed. */
export type Setting = readonly [name: string, raw: string];

/** The names a parameter answers to: its own, its symbol's, and the config fields of that symbol. */
export function namesOf(spec: ParameterSpec): string[] {
  const names = [spec.name];
  if (spec.kind === 'size' && spec.symbol)
    names.push(spec.symbol, ...(symbolInfo(spec.symbol)?.fields ?? []));
  return [...new Set(names)];
}

/** Matches settings to parameters, checks every value, and applies the defaults. */
export function resolveArguments(
  target: string,
  specs: readonly ParameterSpec[],
  settings: readonly Setting[],
): Arguments {
  const values = new Map<string, bigint | boolean>();
  const given = new Set<string>();
  for (const [name, raw] of settings) {
    const spec = specs.find((s) => namesOf(s).includes(name));
    if (!spec) {
      const hint = didYouMean(name, specs.flatMap(namesOf));
      throw new UserError(
        `${target} has no parameter '${name}': ${hint ? `${hint} ` : ''}valid names are ${oneOf(specs.map((s) => s.name))}`,
        {
          field: name,
          expected: oneOf(specs.map((s) => s.name)),
        },
      );
    }
    if (given.has(spec.name))
      throw new UserError(`--set ${name}: ${spec.name} is set more than once`, { field: name });
    given.add(spec.name);
    if (spec.kind === 'size') values.set(spec.name, parsePositiveInteger(name, raw));
    if (spec.kind === 'flag') values.set(spec.name, parseFlag(name, raw));
  }
  for (const spec of specs) {
    if (values.has(spec.name)) continue;
    if (spec.kind === 'size' && spec.default !== undefined) values.set(spec.name, spec.default);
    if (spec.kind === 'flag') values.set(spec.name, spec.default);
  }
  const known = new Set(specs.map((s) => s.name));
  /** A declared parameter's value; reading an undeclared one is a bug in the target. */
  const read = (name: string) => {
    if (!known.has(name))
      throw new Error(`internal: ${target} reads an undeclared parameter '${name}'`);
    return values.get(name);
  };
  return {
    size: (name) => read(name) as bigint | undefined,
    flag: (name) => read(name) as boolean,
    given: (name) => given.has(name),
  };
}

/** A size: a whole number ≥ 1, written in decimal digits (underscores allowed as separators). */
export function parsePositiveInteger(field: string, raw: string): bigint {
  const cleaned = raw.trim().replace(/_/g, '');
  if (!/^\d+$/.test(cleaned) || BigInt(cleaned) < 1n)
    throw fieldError(field, raw, 'a positive integer');
  return BigInt(cleaned);
}

/** A flag: exactly `true` or `false`. */
export function parseFlag(field: string, raw: string): boolean {
  const cleaned = raw.trim().toLowerCase();
  if (cleaned === 'true') return true;
  if (cleaned === 'false') return false;
  throw fieldError(field, raw, 'true or false');
}

/** The symbol bindings carried by the size arguments that have a value. */
export function bindingsOf(
  specs: readonly ParameterSpec[],
  args: Arguments,
): Record<string, bigint> {
  const out: Record<string, bigint> = {};
  for (const spec of specs) {
    if (spec.kind !== 'size' || !spec.symbol) continue;
    const value = args.size(spec.name);
    if (value !== undefined) out[spec.symbol] = value;
  }
  return out;
}

/** Checks that `numerator` is divisible by `denominator`, when both are known. */
export function requireDivisible(
  numeratorField: string,
  numerator: bigint | undefined,
  denominatorField: string,
  denominator: bigint | undefined,
): void {
  if (numerator === undefined || denominator === undefined) return;
  if (numerator % denominator !== 0n) {
    throw fieldError(
      numeratorField,
      Number(numerator),
      `a multiple of ${denominatorField} = ${denominator}`,
    );
  }
}
