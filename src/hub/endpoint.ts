/**
 * A Hub's address as a base for `ORG/NAME/resolve/…`, without its final slashes, or undefined when
 * it is not an http(s) URL: a `data:` or `file:` "endpoint" would answer whatever it holds under a
 * real repository's name. A URL with a query, a fragment or a user and password is refused too
 * (the path is appended to it). Runs in Node and in the browser.
 */
export function httpEndpoint(text: string): string | undefined {
  // (the URL parser drops tabs and newlines silently; the endpoint is also shown, so it may hold none)
  if (/[\u0000-\u0020\u007f]/.test(text.trim())) return undefined;
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  if (
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    /[?#]/.test(text) ||
    url.username ||
    url.password
  )
    return undefined;
  return text.trim().replace(/\/+$/, '');
}
