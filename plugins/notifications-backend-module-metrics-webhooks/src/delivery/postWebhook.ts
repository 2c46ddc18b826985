import { classifyResponse, type AttemptOutcome } from './outcome';

/**
 * POSTs `body` (JSON text) to `url`; never throws: network errors and timeouts are retried
 * outcomes. Node's fetch, because one JSON POST needs no client library.
 */
export async function postWebhook(
  url: string,
  body: string,
  timeoutMs: number,
  now: () => Date = () => new Date(),
): Promise<AttemptOutcome> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    // Drain the body so the connection is released.
    await response.arrayBuffer().catch(() => undefined);
    return classifyResponse(
      response.status,
      response.headers.get('retry-after'),
      now(),
    );
  } catch (error) {
    const name = (error as Error)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      return { kind: 'retry', status: `timeout after ${timeoutMs} ms` };
    }
    // The cause's code (ECONNREFUSED, ENOTFOUND…) says what happened without the URL.
    const code = (error as { cause?: { code?: string } })?.cause?.code;
    return { kind: 'retry', status: `network error${code ? ` ${code}` : ''}` };
  }
}
