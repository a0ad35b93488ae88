import { limits } from '../limits.js';
import { parseJson } from '../json/parse-json.js';
import { readRegularFile } from './regular-file.js';

/**
 * Reads a JSON file the user named (a config, a spec): a regular file of at most
 * `limits.jsonFileBytes`, so a FIFO, a device or `/dev/zero` is one clear line instead of a wait
 * or an exhausted memory; a missing file or bad JSON is one clear line too (see parseJson).
 */
export function readJsonFile(path: string, what: string): unknown {
  const text = readRegularFile(path, what, limits.jsonFileBytes).toString('utf8');
  return parseJson(text, path);
}
