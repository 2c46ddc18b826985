/**
 * The sources' one retry helper: `Retry-After` parsing (Amplitude and Prometheus) and the
 * backoff loop (Amplitude).
 *
 * Hand-written rather than `p-retry` (v4 is the CommonJS major): p-retry's delays come from
 * its own schedule, so it cannot wait for the delay a `Retry-After` header names, cannot give
 * up when that delay exceeds a wait budget, and does not take the injected sleep, clock and
 * jitter the tests use.
 */

/** Bounds of one request's retries. */
export interface RetryPolicy {
  /** Retries after the first attempt; 0 disables retrying. */
  maxRetries: number;
  /** Upper bound on the total time spent waiting between attempts. */
  maxWaitMs: number;
  /** First backoff delay when there is no `Retry-After`; doubles per retry. */
  initialDelayMs: number;
  /** Cap on a single backoff delay. */
  maxDelayMs: number;
}

/** Hooks for tests; all default to the real thing. */
export interface RetryClock {
  sleep?: (ms: number) => Promise<void>;
  /** Jitter in [0, 1). */
  random?: () => number;
  /** Current time in ms, to read HTTP-date `Retry-After` values. */
  now?: () => number;
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/**
 * Reads a `Retry-After` header (RFC 9110): delay-seconds or an HTTP-date.
 * Returns milliseconds to wait, or undefined when absent or unreadable.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number,
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP-date always names the day or month ("Fri, 10 Jan 2025 12:00:07 GMT").
  if (!/[A-Za-z]{3}/.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** Exponential backoff for retry number `retry` (0-based), ±25% jitter, capped. */
export function backoffDelay(
  retry: number,
  policy: Pick<RetryPolicy, 'initialDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random,
): number {
  const { initialDelayMs, maxDelayMs } = policy;
  const base = Math.min(maxDelayMs, initialDelayMs * 2 ** retry);
  return Math.round(Math.min(maxDelayMs, base * (0.75 + 0.5 * random())));
}

/** What one attempt gave: a result, or a retryable refusal with its `Retry-After`. */
export type AttemptOutcome<T, R> =
  | { done: true; value: T }
  | { done: false; refusal: R; retryAfter: string | null };

export interface RetryOptions<T, R> {
  policy: RetryPolicy;
  clock?: RetryClock;
  /** One attempt; throws for failures that are not worth retrying. */
  attempt: () => Promise<AttemptOutcome<T, R>>;
  /** The error to throw when out of retries or wait budget; `delayMs` is the wait refused. */
  giveUp: (refusal: R, delayMs: number) => Error;
  /** Called before each wait, e.g. to log it. */
  onRetry?: (delayMs: number, retry: number) => void;
}

/**
 * Runs `attempt` until it is done. A refusal waits for its `Retry-After`, else for the
 * backoff, while retries and the wait budget last.
 */
export async function withRetries<T, R>(
  options: RetryOptions<T, R>,
): Promise<T> {
  const { policy, attempt, giveUp, onRetry } = options;
  const sleep = options.clock?.sleep ?? defaultSleep;
  const random = options.clock?.random ?? Math.random;
  const now = options.clock?.now ?? Date.now;
  let waited = 0;
  for (let retry = 0; ; retry++) {
    const outcome = await attempt();
    if (outcome.done) return outcome.value;
    const delay =
      parseRetryAfter(outcome.retryAfter, now()) ??
      backoffDelay(retry, policy, random);
    if (retry >= policy.maxRetries || waited + delay > policy.maxWaitMs) {
      throw giveUp(outcome.refusal, delay);
    }
    onRetry?.(delay, retry + 1);
    waited += delay;
    await sleep(delay);
  }
}
