import { expect } from 'vitest';
import { evaluate, type Bindings } from '../../src/expr/evaluate.js';
import type { Expr } from '../../src/expr/nodes.js';
import { formulaOf, type Part } from '../../src/components/part.js';
import type { Report as TargetReport } from '../../src/report/report.js';
import { toTex } from '../../src/render/tex.js';

/** Domain matchers, in the spirit of KaTeX's `toParse`: they say what failed in the domain's words. */
expect.extend({
  /** `expect(report).toHaveParams(1050624)`, or `expect([part, bindings]).toHaveParams(n)`. */
  toHaveParams(received: TargetReport | [Part, Bindings], expected: number | bigint | string) {
    const want = BigInt(expected);
    const got = Array.isArray(received)
      ? evaluate(formulaOf(received[0]), received[1])
      : received.total;
    return {
      pass: got === want,
      message: () =>
        `expected ${want} parameters, got ${got ?? 'no total (some symbol has no value)'}`,
    };
  },
  /** `expect(expr).toRenderTex('4\\left(d^{2} + d\\right)')`. */
  toRenderTex(received: Expr, expected: string) {
    const got = toTex(received);
    return {
      pass: got === expected,
      message: () => `expected TeX ${expected}\n     got TeX ${got}`,
    };
  },
});

interface DomainMatchers<R = unknown> {
  toHaveParams(expected: number | bigint | string): R;
  toRenderTex(expected: string): R;
}

declare module 'vitest' {
  // (vitest declares Assertion<T = any>; a merged declaration must repeat its default)
  // biome-ignore lint/suspicious/noExplicitAny: must match vitest's own declaration to merge
  interface Assertion<T = any> extends DomainMatchers<T> {}
  interface AsymmetricMatchersContaining extends DomainMatchers {}
}
