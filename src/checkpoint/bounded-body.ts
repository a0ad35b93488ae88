/**
 * A response body read only as far as it may go: chunks are taken from the stream until `maxBytes`,
 * then the stream is cancelled, so a server sending more (a 206 with a 200 MB body) costs at most
 * the bound in memory. Whether more was sent is returned, for the caller to decide if that is an error.
 */
export async function readBounded(response: Response, maxBytes: number): Promise<{ bytes: Uint8Array; more: boolean }> {
  const body = response.body;
  if (!body) return { bytes: new Uint8Array(0), more: false };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let more = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
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
  return { bytes, more };
}
