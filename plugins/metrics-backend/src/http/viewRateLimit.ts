import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { LRUCache } from 'lru-cache';
import { TooManyRequestsError } from './httpErrors';
import { principalKey } from './principalKey';

/** Requesters tracked at once; the least recent beyond it start afresh. */
const MAX_REQUESTERS = 10_000;

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per requester: `perMinute` view requests, refilled continuously, so a burst
 * (a page with several tabs) passes and a loop varying `end` does not. Cached answers count
 * too: the limit is on what one person asks, not on what it costs.
 */
export class ViewRateLimit {
  readonly #buckets = new LRUCache<string, Bucket>({ max: MAX_REQUESTERS });

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Takes one request from the requester's bucket.
   * @throws TooManyRequestsError carrying `retryAfterSeconds` when it is empty.
   */
  take(credentials: BackstageCredentials): void {
    const key = principalKey(credentials);
    const now = this.now();
    const perMs = this.perMinute / 60_000;
    const bucket = this.#buckets.get(key) ?? { tokens: this.perMinute, at: now };
    const tokens = Math.min(
      this.perMinute,
      bucket.tokens + (now - bucket.at) * perMs,
    );
    if (tokens < 1) {
      this.#buckets.set(key, { tokens, at: now });
      const retryAfterSeconds = Math.ceil((1 - tokens) / perMs / 1000);
      throw Object.assign(
        new TooManyRequestsError(
          `Too many metrics views: at most ${this.perMinute} per minute per requester (metrics.limits.viewRequestsPerMinute); retry in ${retryAfterSeconds} s`,
        ),
        { retryAfterSeconds },
      );
    }
    this.#buckets.set(key, { tokens: tokens - 1, at: now });
  }
}
