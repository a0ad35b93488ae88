import { parseJson } from '../json/parse-json.js';

/**
 * Why a body that should be a JSON object (a `config.json`) is not one, or undefined when it is.
 * A body is cached only when it is what it claims to be, so a mirror's HTML error page (a login
 * page, a "not found" page sent with 200) is said as such instead of as JSON that "ends too soon",
 * and never reaches the cache to fail every later offline run. Runs in Node and in the browser.
 */
export function notAJsonObject(text: string, contentType: string | null): string | undefined {
  let value: unknown;
  try {
    value = parseJson(text, 'it');
  } catch (error) {
    // (a JSON object is taken whatever its Content-Type: some static servers say text/html of everything)
    if (looksLikeHtml(text, contentType)) return 'an HTML page, not JSON';
    // ("it is not valid JSON: …", as parseJson says where)
    return (error as Error).message.replace(/^it is /, '');
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return undefined;
  const found = Array.isArray(value)
    ? 'a list'
    : value === null
      ? 'null'
      : `a ${typeof value === 'bigint' ? 'number' : typeof value}`;
  return `JSON, but ${found}, not an object`;
}

const looksLikeHtml = (text: string, contentType: string | null): boolean =>
  /^text\/html\b/i.test(contentType ?? '') ||
  /^<(!doctype|html|head|body|\?xml|!--)/i.test(text.replace(/^\uFEFF/, '').trimStart());
