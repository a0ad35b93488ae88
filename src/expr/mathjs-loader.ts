import { createRequire } from 'node:module';

/**
 * mathjs, loaded on first use only: importing it costs about half a second, which a CLI run that
 * never parses a formula must not pay. The web page loads it as a separate chunk before it parses
 * (src/web/platform/mathjs-loader.ts).
 */
type MathJs = typeof import('mathjs');
export type MathInstance = ReturnType<MathJs['create']>;
let mathjs: MathInstance | undefined;

/** A mathjs instance that parses integer literals as bigint, so `9007199254740993` stays exact. */
export function loadMathjs(): MathInstance {
  if (!mathjs) {
    const { create, all } = createRequire(import.meta.url)('mathjs') as MathJs;
    mathjs = create(all!, { number: 'bigint' });
  }
  return mathjs;
}
