import fc from 'fast-check';
import { add, mul, num, pow, sym, type Expr } from '../../src/expr/nodes.js';

export const symbolNames = ['d', 'f', 'V', 'L'] as const;

/** Random expression trees over a few symbols, with small exponents and signed constants. */
export const arbitraryExpr: fc.Arbitrary<Expr> = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.bigInt({ min: -50n, max: 5000n }).map((v) => num(v)),
    fc.constantFrom(...symbolNames).map((n) => sym(n)),
    fc.array(tie('expr'), { minLength: 2, maxLength: 4 }).map((terms) => add(...terms)),
    fc.array(tie('expr'), { minLength: 2, maxLength: 3 }).map((factors) => mul(...factors)),
    fc.tuple(tie('expr'), fc.integer({ min: 0, max: 3 })).map(([base, e]) => pow(base, e)),
  ),
})).expr;

/** Values for every symbol: realistic model sizes, some beyond 2^53 once multiplied. */
export const arbitraryValues = fc.record(
  Object.fromEntries(symbolNames.map((n) => [n, fc.bigInt({ min: 1n, max: 300_000n })])) as Record<
    (typeof symbolNames)[number],
    fc.Arbitrary<bigint>
  >,
);

/** A realistic size for a `--set`: from 1 to a large width, as the decimal string the CLI receives. */
export const arbitrarySize = fc.integer({ min: 1, max: 65_536 });
