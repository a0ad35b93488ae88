import type { Part } from '../components/part.js';
import type { Bindings } from '../expr/evaluate.js';
import type { Expr } from '../expr/nodes.js';

/**
 * What the figures beside a count read of a model: its part tree, the values of its symbols, and
 * its closed form as the count's derivation ends (the breakdown root's, so a figure that refers to
 * `P_model` names the form the reader has just seen). A Report is one.
 */
export interface CountedModel {
  readonly part: Part;
  readonly bindings: Bindings;
  readonly tree: { readonly formula: Expr };
}

/** The model's count as its derivation ends. */
export const closedFormOf = (model: CountedModel): Expr => model.tree.formula;
