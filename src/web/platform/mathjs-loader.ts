import type { MathInstance } from '../../expr/mathjs-loader.js';

let mathjs: MathInstance | undefined;

/**
 * mathjs is a large library the page needs only to parse a spec file's formulas: it is a chunk of
 * its own, loaded by `preloadMathjs` before a spec is read.
 */
export async function preloadMathjs(): Promise<void> {
  if (mathjs) return;
  const { create, all } = await import('mathjs');
  mathjs = create(all!, { number: 'bigint' });
}

/** mathjs, once `preloadMathjs()` has loaded its chunk. */
export const loadMathjs: typeof import('../../expr/mathjs-loader.js').loadMathjs = () => {
  if (!mathjs) throw new Error('internal: preloadMathjs() was not awaited');
  return mathjs;
};
