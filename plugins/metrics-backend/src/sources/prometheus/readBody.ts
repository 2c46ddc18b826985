/** The answer was larger than the limit; the rest of it was not read. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The answer is larger than ${limit} bytes`);
  }
}

/** The answer holds more series than the limit; the rest of it was not read. */
export class TooManySeriesError extends Error {
  constructor(readonly limit: number) {
    super(`The answer holds more than ${limit} series`);
  }
}

const SERIES_KEY = Buffer.from('"metric"');
const COLON = 0x3a;
const isJsonSpace = (byte: number) =>
  byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

/**
 * Counts the series of a Prometheus query answer as its bytes arrive, so that too many
 * series stop the read before JSON.parse would hold the event loop for seconds. Every series
 * of a vector or matrix carries one `"metric":` key; a label value cannot produce it (its
 * quotes would be escaped, and a string value is never followed by a colon).
 */
export class SeriesCounter {
  #count = 0;
  #tail = Buffer.alloc(0);

  get count(): number {
    return this.#count;
  }

  add(chunk: Uint8Array): void {
    const data = Buffer.concat([this.#tail, chunk]);
    let from = 0;
    for (;;) {
      const at = data.indexOf(SERIES_KEY, from);
      if (at < 0) {
        // A key cut by the chunk boundary starts within its length of the end.
        this.#keep(data, Math.max(from, data.length - SERIES_KEY.length + 1));
        return;
      }
      let next = at + SERIES_KEY.length;
      while (next < data.length && isJsonSpace(data[next])) next += 1;
      if (next === data.length) {
        // The colon may come with the next chunk: look at this key again then.
        this.#keep(data, at);
        return;
      }
      if (data[next] === COLON) this.#count += 1;
      from = next;
    }
  }

  #keep(data: Buffer, from: number) {
    // A copy, so that the chunk itself is not held on to.
    this.#tail = Buffer.from(data.subarray(from));
  }
}

/**
 * Reads a response body as text, at most `maxBytes` of it and, when `maxSeries` is given, at
 * most that many series: past either the request is aborted (so the server stops sending) and
 * BodyTooLargeError or TooManySeriesError is thrown. Chunks arrive as the socket delivers
 * them, so a huge answer never sits in memory whole or blocks the event loop.
 */
export async function readBody(
  res: Response,
  maxBytes: number,
  abort: AbortController,
  maxSeries?: number,
): Promise<string> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    abort.abort();
    throw new BodyTooLargeError(maxBytes);
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  const series = maxSeries === undefined ? undefined : new SeriesCounter();
  let size = 0;
  const stop = (error: Error) => {
    abort.abort();
    // Not awaited: after the abort some bodies never settle their cancel.
    reader.cancel().catch(() => undefined);
    return error;
  };
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) throw stop(new BodyTooLargeError(maxBytes));
    series?.add(value);
    if (series && series.count > maxSeries!) {
      throw stop(new TooManySeriesError(maxSeries!));
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
