/**
 * Response bodies read only as far as they may go, for every client of ours (the Hub's files, a
 * checkpoint's headers by range, the web page's fetch): chunks are taken from the stream up to a
 * bound, then the stream is cancelled (which closes the connection, so the server stops sending).
 * A server that sends without end, or a 206 far longer than the range asked for, costs at most the
 * bound in memory. Runs in Node and in the browser alike (no Node module).
 */

/**
 * The first `maxBytes` of a body; `more` says whether the server sent more than that, and `seen`
 * how many bytes had arrived when reading stopped (for a message). A broken connection rejects, as
 * `fetch` does.
 */
export async function readBounded(
  response: Response,
  maxBytes: number,
): Promise<{ bytes: Uint8Array; more: boolean; seen: number }> {
  const body = response.body;
  if (!body) return { bytes: new Uint8Array(0), more: false, seen: 0 };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let seen = 0;
  let more = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      seen += value.length;
      if (total + value.length > maxBytes) {
        chunks.push(value.subarray(0, maxBytes - total));
        total = maxBytes;
        more = true;
        break;
      }
      chunks.push(value);
      total += value.length;
    }
  } finally {
    if (more) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return { bytes, more, seen };
}

/**
 * A body as UTF-8 text of at most `cap` bytes, or why it was not read: `tooLarge` (with the bytes
 * its `Content-Length` declares, refused before reading, or those seen before giving up) or
 * `notText` (bytes that are not UTF-8).
 */
export async function boundedText(
  response: Response,
  cap: number,
): Promise<{ text: string } | { tooLarge: number; declared: boolean } | { notText: true }> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > cap) {
    await response.body?.cancel().catch(() => {});
    return { tooLarge: declared, declared: true };
  }
  const { bytes, more, seen } = await readBounded(response, cap);
  if (more) return { tooLarge: seen, declared: false };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { notText: true };
  }
}

/** A byte count as a message says it: `8 MiB`, `1,234 bytes`. */
export function bytesText(bytes: number): string {
  return bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0
    ? `${bytes / (1024 * 1024)} MiB`
    : `${bytes.toLocaleString('en-US')} bytes`;
}
