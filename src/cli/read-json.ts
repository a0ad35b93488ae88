import { readFileSync } from 'node:fs';
import { UserError } from '../errors/user-error.js';
import { parseJson } from '../json/parse-json.js';

/** Reads a JSON file, turning a missing file or bad JSON into one clear line (see parseJson). */
export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message;
    throw new UserError(`cannot read ${what} ${path}: ${reason}`, { field: what, received: path });
  }
  return parseJson(text, path);
}
