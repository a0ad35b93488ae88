import { isInteger, isSafeNumber, parse as parseLossless } from 'lossless-json';
import { UserError } from '../errors/user-error.js';

/**
 * JSON as people save it: a UTF-8 byte-order mark is skipped (Windows editors write one), integers
 * longer than a double holds stay exact (as bigint: `"num_hidden_layers": 99999999999999999999`),
 * and a file that does not parse says where, by line and column, and whether it ends too soon.
 */
export function parseJson(text: string, what: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    // Plain JSON.parse is fastest; lossless-json reads only what might hold an integer beyond 2^53.
    return /\d{16,}/.test(body) ? parseLossless(body, null, exactNumber) : JSON.parse(body);
  } catch (error) {
    throw new UserError(
      `${what} is not valid JSON: ${whereItFails(body, positionedMessage(body, (error as Error).message))}`,
      { field: what, expected: 'JSON' },
    );
  }
}

/** Numbers as JavaScript reads them, except integers beyond 2^53, which stay exact. */
function exactNumber(text: string): number | bigint {
  return isInteger(text) && !isSafeNumber(text) ? BigInt(text) : Number(text);
}

/**
 * JSON.parse's message, or lossless-json's where JSON.parse names no position (V8 says only
 * `Unexpected token '<', "<!DOCTYPE "...`, which read as "ends too soon" before).
 */
function positionedMessage(text: string, message: string): string {
  if (/position \d+/.test(message)) return message;
  try {
    parseLossless(text);
  } catch (error) {
    return (error as Error).message;
  }
  return message;
}

function whereItFails(text: string, message: string): string {
  if (text.trim() === '') return 'it is empty';
  const position = /position (\d+)/.exec(message)?.[1];
  const reason = message
    .replace(/ in JSON at position \d+.*$| at position \d+.*$/, '')
    .replace(/\s*\(line \d+ column \d+\)$/, '');
  const at =
    position === undefined || Number(position) >= text.length ? text.length : Number(position);
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - before.lastIndexOf('\n');
  if (at >= text.trimEnd().length)
    return `it ends too soon, at line ${line} column ${column} (cut off?)`;
  return `${reason} at line ${line} column ${column}`;
}
