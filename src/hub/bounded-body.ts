/**
 * A response's body as UTF-8 text, read as a stream and given up at `cap` bytes, so a server that
 * sends without end (or a `Content-Length` of terabytes) costs at most the cap in memory. Answers
 * the text, or why it was not read: `tooLarge` (with the bytes its `Content-Length` declares, or those seen before giving up) or
 * `notText` (bytes that are not UTF-8). A broken connection rejects, as `fetch` does. Runs in Node
 * and in the browser alike (no Node module).
 */
export async function boundedText(response: Response, cap: number): Promise<{ text: string } | { tooLarge: number; declared: boolean } | { notText: true }> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > cap) {
    await response.body?.cancel().catch(() => {});
    return { tooLarge: declared, declared: true };
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > cap) {
        // (cancelling closes the connection: the server stops sending)
        await reader.cancel().catch(() => {});
        return { tooLarge: size, declared: false };
      }
      chunks.push(value);
    }
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { notText: true };
  }
}

/** A byte count as a message says it: `8 MiB`, `1,234 bytes`. */
export function bytesText(bytes: number): string {
  return bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes.toLocaleString('en-US')} bytes`;
}
