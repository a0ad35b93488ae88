import type { Expr, Label } from '../expr/nodes.js';

/** The kinds of step a derivation takes, in the order they may appear. */
export enum StepKind {
  /** The count as a sum of named parts, e.g. `P_attn = P_Q + P_K + P_V + P_O`. */
  Define = 'define',
  /** The parts replaced by their formulas, identical ones grouped, e.g. `= 4(d·d + d)`. */
  Substitute = 'substitute',
  /**
   * Like terms collected: by structure where there are repeated units (`L·(4d² + 9d) + V·d + 2d`),
   * fully expanded otherwise (`= 4d² + 4d`).
   */
  Collect = 'collect',
  /**
   * Factored as a person would: the common factor pulled out (`4d² + 4d → 4(d² + d)`), per-layer sums
   * factored under their counts (`L·d·(12d + 13) + d·(V + P + 1)`).
   */
  Factor = 'factor',
  /** The given sizes put in place of the symbols, e.g. `= 4(512² + 512)`. */
  Bind = 'bind',
  /** The exact value, e.g. `= 1,050,624`. */
  Evaluate = 'evaluate',
}

/** One step: the expression the count equals at this point. */
export interface Step {
  readonly kind: StepKind;
  readonly expr: Expr;
}

/** A part that holds no parameters, left out of the sums: said once, with the reason (a tied head). */
export interface ZeroPart {
  readonly label: Label;
  readonly reason: string;
}

/** A derivation of one part's count: `label = steps[0] = steps[1] = …`, every step equal in value. */
export interface Derivation {
  readonly label: Label;
  readonly steps: readonly Step[];
  /** The fully expanded, collected polynomial: the proof that every step is the same count. */
  readonly expanded: Expr;
  /** The exact count, when every symbol has a value. */
  readonly value?: bigint;
  /** Why the count is what it is, where the formula alone does not say (a tied head, no affine). */
  readonly note?: string;
  /** Named parts that hold nothing (a tied head), left out of the substituted sum. */
  readonly zeros?: readonly ZeroPart[];
}
