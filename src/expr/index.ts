/** The expression core: trees, exact polynomial algebra, evaluation, compilation, mathjs bridge. */
export * from './nodes.js';
export { visit, symbolsOf, sameTree, type Visitor } from './visit.js';
export {
  Polynomial,
  alphabetical,
  degreeOf,
  type Term,
  type Power,
  type SymbolOrder,
} from './polynomial.js';
export { canonical, equivalent, toPolynomial, polynomialToExpr } from './canonical.js';
export { factored, groupedBy, gcd, commonFactor } from './factor.js';
export {
  evaluate,
  substitute,
  UnboundSymbolError,
  type Bindings,
  type Substitution,
} from './evaluate.js';
export { compile, type CompiledFormula } from './compile.js';
export {
  parseFormula,
  fromMathjs,
  toMathjs,
  toMathjsString,
  FormulaError,
} from './mathjs-interop.js';
export {
  humanFactored,
  humanForm,
  orderedProduct,
  flatTerms,
  type FactoringRules,
} from './human-factor.js';
