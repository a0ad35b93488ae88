import { labelKey, type Expr, type ExprKind } from './nodes.js';

/**
 * A visitor with one handler per node kind. Being a `Record` over every kind, the compiler reports a
 * printer or evaluator that forgets one.
 */
export type Visitor<R> = { [K in ExprKind]: (node: Extract<Expr, { kind: K }>) => R };

/** Dispatches a node to the handler of its kind. */
export function visit<R>(node: Expr, visitor: Visitor<R>): R {
  return (visitor[node.kind] as (n: Expr) => R)(node);
}

/** The symbols of trees already walked (a derivation asks again for the same formulas). */
const symbolLists = new WeakMap<Expr, readonly string[]>();

/** Every symbol name in an expression, in order of first appearance. */
export function symbolsOf(node: Expr): string[] {
  return [...knownSymbols(node)];
}

function knownSymbols(node: Expr): readonly string[] {
  let symbols = symbolLists.get(node);
  if (symbols === undefined) {
    symbols = symbolsWalked(node);
    symbolLists.set(node, symbols);
  }
  return symbols;
}

function symbolsWalked(node: Expr): string[] {
  const seen = new Set<string>();
  addSymbols(node, seen);
  return [...seen];
}

function addSymbols(node: Expr, seen: Set<string>): void {
  switch (node.kind) {
    case 'num':
      return;
    case 'sym':
      seen.add(node.name);
      return;
    case 'add':
      for (const t of node.terms) addSymbols(t, seen);
      return;
    case 'mul':
      for (const f of node.factors) addSymbols(f, seen);
      return;
    case 'pow':
      addSymbols(node.base, seen);
      return;
    case 'ref':
      // A named count's body is a shared formula (`P_model` in every memory figure): its list is kept.
      for (const name of knownSymbols(node.body)) seen.add(name);
  }
}

/** Structural equality: the same tree, written the same way (not merely the same value). */
export function sameTree(a: Expr, b: Expr): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'num':
      return a.value === (b as typeof a).value;
    case 'sym':
      return a.name === (b as typeof a).name;
    case 'add':
      return sameList(a.terms, (b as typeof a).terms);
    case 'mul':
      return sameList(a.factors, (b as typeof a).factors);
    case 'pow':
      return a.exponent === (b as typeof a).exponent && sameTree(a.base, (b as typeof a).base);
    case 'ref':
      return (
        labelKey(a.label) === labelKey((b as typeof a).label) &&
        sameTree(a.body, (b as typeof a).body)
      );
  }
}

function sameList(a: readonly Expr[], b: readonly Expr[]): boolean {
  return a.length === b.length && a.every((x, i) => sameTree(x, b[i]!));
}
