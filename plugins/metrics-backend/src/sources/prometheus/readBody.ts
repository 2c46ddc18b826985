/** The answer was larger than the limit; the rest of it was not read. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The answer is larger than ${limit} bytes`);
  }
}

/**
 * Reads a response body as text, at most `maxBytes` of it: past that the request is aborted
 * (so the server stops sending) and BodyTooLargeError is thrown. Chunks arrive as the socket
 * delivers them, so a huge answer never sits in memory whole or blocks the event loop.
 */
export async function readBody(
  res: Response,
  maxBytes: number,
  abort: AbortController,
): Promise<string> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    abort.abort();
    throw new BodyTooLargeError(maxBytes);
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      abort.abort();
      // Not awaited: after the abort some bodies never settle their cancel.
      reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
