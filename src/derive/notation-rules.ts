import type { FactoringRules } from '../expr/human-factor.js';
import type { SymbolOrder } from '../expr/polynomial.js';
import { symbolsOfClass, tableOrder, type SymbolClass } from '../symbols/table.js';

/**
 * How derivations are written, in one table: change a row here and every closed form, breakdown and
 * document follows. Which class each symbol has is a column of the symbol table
 * (`src/symbols/table.ts`); the order of the classes is the order of that table.
 */
export const notationRules = {
  /**
   * Classes whose symbols a sum is grouped under, Horner-like (`E·(3·d_ff + 1) + …`). Layer counts
   * are grouped by the model's structure before this (`L·(…) + L_dense·(…)`), so these rules act
   * inside a layer and on formulas given by hand.
   */
  groupUnder: ['count'] as readonly SymbolClass[],
  /** Classes a long sum may be partly factored by, most preferred first (`d_model·(V + P + 5) + V`). */
  factorBy: ['width', 'head'] as readonly SymbolClass[],
  /** A flat sum with more summands than this is partly factored (`4d² + 2d·d_ff + 9d + d_ff` stays). */
  maxFlatTerms: 4,
  /** Pull the integer content and the common monomial both when this many terms stay inside. */
  pullBothFrom: 3,
  /**
   * A layer whose collected count has more summands than this keeps its largest composite parts as
   * named sub-sums (`P_MLA + d_model·(3·d_ff + 2)`), each derived in its own section.
   */
  maxInlineTerms: 6,
  /** The collect step is shown only up to this many summands (the expanded form stays as the proof). */
  maxCollectedTerms: 8,
} as const;

/** The factoring rules of the core, read off the table above. */
export function factoringRules(order: SymbolOrder = tableOrder): FactoringRules {
  // Made once an order: every figure of a memory or compute report asks for them.
  let rules = rulesByOrder.get(order);
  if (rules === undefined) {
    rules = Object.freeze({
      order,
      groupUnder: Object.freeze(notationRules.groupUnder.flatMap(symbolsOfClass)),
      factorBy: Object.freeze(notationRules.factorBy.flatMap(symbolsOfClass)),
      maxFlatTerms: notationRules.maxFlatTerms,
      pullBothFrom: notationRules.pullBothFrom,
    });
    rulesByOrder.set(order, rules);
  }
  return rules;
}

const rulesByOrder = new Map<SymbolOrder, FactoringRules>();
