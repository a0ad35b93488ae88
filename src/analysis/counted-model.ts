import type { Part } from '../components/part.js';
import { formulaOf } from '../components/part.js';
import type { Expr } from '../expr/nodes.js';
import type { Bindings } from '../expr/evaluate.js';

/**
 * What the figures beside a count read of a model: its part tree and the values of its symbols.
 * A Report is one; so is a bare tree with its sizes (a test's single tensor, a solve's model).
 */
export interface CountedModel {
  readonly part: Part;
  readonly bindings: Bindings;
}

/** The model's count as its derivation ends (the closed form the breakdown's root shows). */
export const closedFormOf = (model: CountedModel): Expr => formulaOf(model.part);
