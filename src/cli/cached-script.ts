import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

/**
 * A built script compiled with the V8 code cache beside it, when there is one and `useCache` is
 * not false: a start then deserializes the bytecode of what it runs instead of compiling it. A
 * missing cache (a build that could not write one), or one V8 rejects (another Node, other V8
 * flags), leaves the script compiled as usual: slower, never wrong. The build's scripts are ASCII
 * (esbuild escapes the rest; the build checks), so they are read as Latin-1, with no UTF-8
 * decoding, which cost as much as compiling from the cache.
 */
export function compileWithCodeCache(scriptUrl: URL, cacheUrl: URL, useCache = true): vm.Script {
  const filename = fileURLToPath(scriptUrl);
  let cachedData: Buffer | undefined;
  if (useCache) {
    try {
      cachedData = readFileSync(cacheUrl);
    } catch {
      // No cache: compile as usual.
    }
  }
  return new vm.Script(readFileSync(filename, 'latin1'), {
    filename,
    ...(cachedData ? { cachedData } : {}),
  });
}
