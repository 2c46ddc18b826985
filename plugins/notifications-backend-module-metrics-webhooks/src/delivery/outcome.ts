/** What one POST to a webhook came to. */
export type AttemptOutcome =
  | { kind: 'delivered'; status: string }
  | { kind: 'retry'; status: string; retryAfterSeconds?: number }
  | { kind: 'failed'; status: string };

/** Seconds in a Retry-After header: delta-seconds or an HTTP date. */
export function parseRetryAfter(
  header: string | null | undefined,
  now: Date,
): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, (date - now.getTime()) / 1000);
}

/**
 * 2xx delivered; 429 retried when it asks (Retry-After); 408 and 5xx retried; any other status
 * says the request itself is wrong (a revoked or mistyped webhook), so retrying cannot help.
 */
export function classifyResponse(
  status: number,
  retryAfter: string | null | undefined,
  now: Date,
): AttemptOutcome {
  const label = `HTTP ${status}`;
  if (status >= 200 && status < 300)
    return { kind: 'delivered', status: label };
  if (status === 429) {
    const seconds = parseRetryAfter(retryAfter, now);
    return {
      kind: 'retry',
      status: label,
      ...(seconds !== undefined && { retryAfterSeconds: seconds }),
    };
  }
  if (status === 408 || status >= 500) return { kind: 'retry', status: label };
  return { kind: 'failed', status: label };
}

/** The longest wait between two attempts: an hour. */
export const MAX_BACKOFF_SECONDS = 3600;

/** Seconds before the attempt after attempt `attempts` (1-based): doubling, capped. */
export function backoffSeconds(
  attempts: number,
  initialSeconds: number,
): number {
  return Math.min(
    MAX_BACKOFF_SECONDS,
    initialSeconds * 2 ** Math.max(0, attempts - 1),
  );
}

/** The wait before the next attempt: the receiver's Retry-After (capped) or the backoff. */
export function nextDelaySeconds(
  outcome: Extract<AttemptOutcome, { kind: 'retry' }>,
  attempts: number,
  initialSeconds: number,
): number {
  if (outcome.retryAfterSeconds !== undefined) {
    return Math.min(MAX_BACKOFF_SECONDS, outcome.retryAfterSeconds);
  }
  return backoffSeconds(attempts, initialSeconds);
}
